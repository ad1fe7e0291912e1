// SPDX-License-Identifier: GPL-2.0-or-later
/* json.h - a small streaming JSON writer: commas, nesting and string
 * escaping handled here so that no command formats JSON by hand. */
#ifndef E1000_POC_JSON_H
#define E1000_POC_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
    FILE *f;
    int depth;
    bool need_comma[JSON_MAX_DEPTH];
    bool pretty; /* newline and indent per member (for humans reading files) */
};

void json_init(struct json *j, FILE *f, bool pretty);
/* Containers; a NULL key inside an array, a key inside an object. */
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
/* Members. */
void json_string(struct json *j, const char *key, const char *value); /* NULL value: null */
void json_uint(struct json *j, const char *key, uint64_t value);
void json_int(struct json *j, const char *key, int64_t value);
void json_double(struct json *j, const char *key, double value); /* non-finite: null */
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);

/* s as a JSON string, quoted: control characters escaped, invalid UTF-8
 * replaced by U+FFFD; NULL writes null. */
void json_write_string(FILE *f, const char *s);


#endif
