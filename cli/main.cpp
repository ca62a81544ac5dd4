// The leadscore CLI: being written (validate, score).
int main() { return 2; }
