int static_a(void);
int static_b(void);
int main(void) { return static_a() && static_b() ? 0 : 1; }
