// SPDX-License-Identifier: GPL-2.0-or-later
/* json.c - streaming JSON writer. */
#include "util/json.h"

#include <math.h>
#include <stdlib.h>

#include "util/utf8.h"

void json_init(struct json *j, FILE *f, bool pretty)
{
    j->f = f;
    j->depth = 0;
    j->need_comma[0] = false;
    j->pretty = pretty;
}

void json_write_string(FILE *f, const char *s)
{
    if (s == NULL) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0';) {
        size_t n = utf8_len(p);
        if (n == 0) {
            fputs("\\ufffd", f);
            p++;
            continue;
        }
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fwrite(p, 1, n, f);
        }
        p += n;
    }
    fputc('"', f);
}

/* Comma, indentation and "key": before a member. */
static void member(struct json *j, const char *key)
{
    if (j->need_comma[j->depth])
        fputc(',', j->f);
    if (j->pretty && j->depth > 0) {
        fputc('\n', j->f);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->f);
    } else if (j->need_comma[j->depth]) {
        fputc(' ', j->f);
    }
    j->need_comma[j->depth] = true;
    if (key != NULL) {
        json_write_string(j->f, key);
        fputs(": ", j->f);
    }
}

static void open_container(struct json *j, const char *key, char c)
{
    member(j, key);
    fputc(c, j->f);
    if (j->depth + 1 < JSON_MAX_DEPTH)
        j->depth++;
    j->need_comma[j->depth] = false;
}

static void close_container(struct json *j, char c)
{
    bool had_members = j->need_comma[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (j->pretty && had_members) {
        fputc('\n', j->f);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->f);
    }
    fputc(c, j->f);
    if (j->depth == 0)
        fputc('\n', j->f);
}

void json_object_begin(struct json *j, const char *key) { open_container(j, key, '{'); }
void json_object_end(struct json *j) { close_container(j, '}'); }
void json_array_begin(struct json *j, const char *key) { open_container(j, key, '['); }
void json_array_end(struct json *j) { close_container(j, ']'); }

void json_string(struct json *j, const char *key, const char *value)
{
    member(j, key);
    json_write_string(j->f, value);
}

void json_uint(struct json *j, const char *key, uint64_t value)
{
    member(j, key);
    fprintf(j->f, "%llu", (unsigned long long)value);
}

void json_int(struct json *j, const char *key, int64_t value)
{
    member(j, key);
    fprintf(j->f, "%lld", (long long)value);
}

void json_double(struct json *j, const char *key, double value)
{
    member(j, key);
    if (isfinite(value))
        fprintf(j->f, "%.9g", value);
    else
        fputs("null", j->f);
}

void json_bool(struct json *j, const char *key, bool value)
{
    member(j, key);
    fputs(value ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
    member(j, key);
    fputs("null", j->f);
}
