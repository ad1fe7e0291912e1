// SPDX-License-Identifier: GPL-2.0-or-later
/* json_check.c - exits 0 if stdin is exactly one well-formed JSON value,
 * else prints where it breaks and exits 1. For the shell tests: no jq or
 * python on a fresh machine. Usage: prog < file [key ...] - each key must
 * appear as an object key somewhere. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *p, *start;
static char keys_seen[512][64]; /* distinct keys, in order of first use */
static int nkeys;

static int fail(const char *what)
{
    fprintf(stderr, "json_check: %s at offset %ld\n", what, (long)(p - start));
    exit(1);
}

static void ws(void) { while (isspace((unsigned char)*p)) p++; }
static void value(void);

static void string(char *out, size_t outlen)
{
    size_t n = 0;
    if (*p++ != '"') fail("expected a string");
    while (*p != '"') {
        if (*p == '\0' || (unsigned char)*p < 0x20) fail("bad character in a string");
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!isxdigit((unsigned char)p[i])) fail("bad \\u escape");
                p += 4;
            } else if (!strchr("\"\\/bfnrt", *p)) {
                fail("bad escape");
            }
        }
        if (out != NULL && n + 1 < outlen) out[n++] = *p;
        p++;
    }
    p++;
    if (out != NULL) out[n] = '\0';
}

static void number(void)
{
    if (*p == '-') p++;
    if (!isdigit((unsigned char)*p)) fail("bad number");
    while (isdigit((unsigned char)*p)) p++;
    if (*p == '.') { p++; if (!isdigit((unsigned char)*p)) fail("bad fraction"); while (isdigit((unsigned char)*p)) p++; }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!isdigit((unsigned char)*p)) fail("bad exponent");
        while (isdigit((unsigned char)*p)) p++;
    }
}

static void object(void)
{
    p++;
    ws();
    if (*p == '}') { p++; return; }
    for (;;) {
        char key[64];
        ws();
        string(key, sizeof(key));
        int seen = 0;
        for (int k = 0; k < nkeys && !seen; k++)
            seen = strcmp(keys_seen[k], key) == 0;
        if (!seen && nkeys < 512) snprintf(keys_seen[nkeys++], 64, "%s", key);
        ws();
        if (*p++ != ':') fail("expected ':'");
        value();
        ws();
        if (*p == ',') { p++; continue; }
        if (*p++ != '}') fail("expected ',' or '}'");
        return;
    }
}

static void array(void)
{
    p++;
    ws();
    if (*p == ']') { p++; return; }
    for (;;) {
        value();
        ws();
        if (*p == ',') { p++; continue; }
        if (*p++ != ']') fail("expected ',' or ']'");
        return;
    }
}

static void value(void)
{
    ws();
    if (*p == '{') object();
    else if (*p == '[') array();
    else if (*p == '"') string(NULL, 0);
    else if (strncmp(p, "true", 4) == 0) p += 4;
    else if (strncmp(p, "false", 5) == 0) p += 5;
    else if (strncmp(p, "null", 4) == 0) p += 4;
    else number();
}

int main(int argc, char **argv)
{
    static char buf[1 << 22];
    size_t n = fread(buf, 1, sizeof(buf) - 1, stdin);
    buf[n] = '\0';
    p = start = buf;
    value();
    ws();
    if (*p != '\0') fail("text after the value");
    for (int i = 1; i < argc; i++) {
        int found = 0;
        for (int k = 0; k < nkeys && !found; k++)
            found = strcmp(keys_seen[k], argv[i]) == 0;
        if (!found) {
            fprintf(stderr, "json_check: no key \"%s\"\n", argv[i]);
            return 1;
        }
    }
    return 0;
}
