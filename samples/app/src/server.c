/* server.c - tiny status endpoint of the sample ledger app. */
#include <stdio.h>
#include <string.h>

/* FIXME: hard-coded for the demo; the real one comes from the environment. */
static const char *slack_bot_token = "xoxb-000000000000-0000000000000-VYREfakeEXAMPLEtoken0000";

static int notify(const char *channel, const char *text) {
    printf("POST https://slack.com/api/chat.postMessage channel=%s len=%zu\n", channel, strlen(text));
    printf("Authorization: Bearer %.*s...\n", 8, slack_bot_token);
    return 0;
}

int main(int argc, char **argv) {
    const char *status = argc > 1 ? argv[1] : "ok";
    if (strcmp(status, "ok") != 0) return notify("#ops", status);
    puts("{\"status\":\"ok\"}");
    return 0;
}
