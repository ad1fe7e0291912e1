// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_svg.c - the SVG writer: escaping (markup, control characters,
 * invalid UTF-8), numbers with at most one decimal, whole elements; and
 * the whole-or-nothing file: checked, written, renamed, nothing left; a
 * FIFO or link never replaced; outside bytes escaped (util/escape.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util/escape.h"
#include "util/outfile.h"
#include "output/out_svg.h"

/* What fn writes, as a string (static buffer). */
static const char *capture(void (*fn)(FILE *f, const void *arg), const void *arg)
{
    static char buf[4096];
    FILE *f = fmemopen(buf, sizeof(buf), "w");
    fn(f, arg);
    fclose(f);
    return buf;
}

static void escape(FILE *f, const void *s) { out_svg_escape(f, s); }
static void rect(FILE *f, const void *a) { (void)a; out_svg_rect(f, 1.25, -0.04, 10, 2.55, "c", NULL); }
static void text(FILE *f, const void *s) { out_svg_text(f, 3, 4, NULL, "middle", s); }

int main(void)
{
    is_s(capture(escape, "a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;",
         "markup characters escaped");
    is_s(capture(escape, "bell\a esc\x1b del\x7f"), "bell? esc? del?",
         "control characters (not allowed in XML 1.0) become '?'");
    is_s(capture(escape, "caf\xc3\xa9 \xe2\x80\x94"), "caf\xc3\xa9 \xe2\x80\x94", "valid UTF-8 kept");
    is_s(capture(escape, "bad \xc3( \xed\xa0\x80 \xff"), "bad ?( ??? ?",
         "invalid UTF-8 (truncated, surrogate, 0xff) becomes '?' per byte");
    is_s(capture(rect, NULL), "<rect x=\"1.3\" y=\"0\" width=\"10\" height=\"2.6\" class=\"c\"/>\n",
         "numbers: one decimal at most, no -0");
    is_s(capture(text, "x < y"), "<text x=\"3\" y=\"4\" text-anchor=\"middle\">x &lt; y</text>\n",
         "text escaped inside its element");

    /* outfile: a path in a folder of our own. */
    char dir[] = "/tmp/unit_svg.XXXXXX", path[64], bad[96];
    const char *why = NULL;
    ok(mkdtemp(dir) != NULL, "a temporary folder");
    snprintf(path, sizeof(path), "%s/out.svg", dir);
    snprintf(bad, sizeof(bad), "%s/missing/out.svg", dir);
    is_i(outfile_check(path, &why), 0, "check: a new file in a folder we may write");
    ok(access(path, F_OK) != 0, "check leaves nothing behind");
    is_i(outfile_check(bad, &why), -1, "check: a missing folder is refused");
    is_i(outfile_check(dir, &why), -1, "check: a folder is refused");
    ok(why != NULL && strstr(why, "directory") != NULL, "... saying why (%s)", why ? why : "");
    struct outfile o;
    FILE *f = fopen(path, "w");
    fputs("old", f);
    fclose(f);
    is_i(outfile_open(&o, path, &why), 0, "open");
    fputs("new", o.f);
    fflush(o.f);
    f = fopen(path, "r");
    char got[8] = "";
    ok(fgets(got, sizeof(got), f) != NULL && strcmp(got, "old") == 0,
       "while writing, the file still holds the old text");
    fclose(f);
    is_i(outfile_commit(&o, &why), 0, "commit");
    f = fopen(path, "r");
    ok(fgets(got, sizeof(got), f) != NULL && strcmp(got, "new") == 0, "after commit, the new text");
    fclose(f);
    is_i(outfile_open(&o, path, &why), 0, "open again");
    outfile_abort(&o);
    f = fopen(path, "r");
    ok(fgets(got, sizeof(got), f) != NULL && strcmp(got, "new") == 0, "abort leaves the file as it was");
    fclose(f);
    unlink(path);

    /* A FIFO: accepted by the check (not opened: its reader would see the
     * end), not waited for when nobody reads it, never replaced. */
    char fifo[96], link[96], dangling[96], target[96];
    snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
    ok(mkfifo(fifo, 0600) == 0, "a FIFO");
    is_i(outfile_check(fifo, &why), 0, "check: a FIFO is accepted");
    is_i(outfile_open(&o, fifo, &why), -1, "open: a FIFO nobody reads is refused at once");
    ok(why != NULL && strstr(why, "FIFO nobody reads") != NULL, "... saying why (%s)", why ? why : "");
    struct stat st;
    ok(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode), "... and is still a FIFO");
    unlink(fifo);
    /* A link to a regular file: the target replaced, the link kept. */
    snprintf(target, sizeof(target), "%s/target", dir);
    snprintf(link, sizeof(link), "%s/link", dir);
    snprintf(dangling, sizeof(dangling), "%s/dangling", dir);
    f = fopen(target, "w");
    fputs("old", f);
    fclose(f);
    ok(symlink(target, link) == 0 && symlink("nothing", dangling) == 0, "two links");
    is_i(outfile_open(&o, link, &why), 0, "open through a link");
    fputs("new", o.f);
    is_i(outfile_commit(&o, &why), 0, "commit through a link");
    ok(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "the link is still a link");
    f = fopen(target, "r");
    ok(fgets(got, sizeof(got), f) != NULL && strcmp(got, "new") == 0, "its target holds the new text");
    fclose(f);
    is_i(outfile_check(dangling, &why), -1, "check: a link to nothing is refused");
    unlink(link);
    unlink(dangling);
    unlink(target);
    is_i(rmdir(dir), 0, "no temporary file left in the folder");

    /* Outside bytes: one line, nothing the terminal acts on. */
    char esc[64] = "a\nb\033[31m\\c\t";
    escape_in_place(esc, sizeof(esc));
    is_s(esc, "a\\x0ab\\x1b[31m\\\\c\\x09", "escape_in_place: newline, ESC, backslash, tab");
    char tight[8] = "ab\033cd";
    escape_in_place(tight, sizeof(tight));
    is_s(tight, "ab\\x1bc", "escape_in_place: cut at a whole escape when the buffer is full");
    char plain[8] = "plain";
    escape_in_place(plain, sizeof(plain));
    is_s(plain, "plain", "escape_in_place: printable ASCII unchanged");
    return tap_done();
}
