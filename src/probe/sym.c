// SPDX-License-Identifier: GPL-2.0-or-later
/* sym.c - naming the code at an address: which memcpy variant is it?
 *
 * The C library exports only `memcpy`, an IFUNC; the variant the loader
 * picked (e.g. __memcpy_avx512_unaligned_erms) has a name only in the
 * library's full symbol table, which distributions strip and ship
 * separately, found by build-id: <debug_root>/.build-id/xx/yyyy.debug
 * (Debian's libc6-dbg). This file reads ELF itself (64-bit, host byte
 * order): /proc/self/maps gives the file and offset of the address, the
 * program headers turn the offset into a link-time address and hold the
 * build-id note, and the section headers lead to .symtab.
 *
 * Nothing here is needed for the measurement; a name makes it easier to
 * hold the result beside glibc's sources.
 *
 * Invariants: only regular files are read, opened without blocking (a FIFO
 * or device planted in the debug folder is refused, never waited on); the
 * buffers live on the heap, so that the lookup runs on a small stack
 * (ulimit -s 24).
 */
#include "probe/probe.h"
#include "util/escape.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <unistd.h>

#define SYM_FILE_MAX (512u << 20) /* refuse tables larger than this */

struct elf_file {
    int fd;
    off_t size;
    Elf64_Ehdr eh;
};

static int read_at(const struct elf_file *f, void *buf, size_t len, uint64_t off)
{
    if (off > (uint64_t)f->size || len > (uint64_t)f->size - off)
        return -1;
    return pread(f->fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -1;
}

static int elf_open(struct elf_file *f, const char *path)
{
    struct stat st;
    f->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (f->fd < 0)
        return -1;
    if (fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode) || (f->size = st.st_size, read_at(f, &f->eh, sizeof(f->eh), 0)) != 0 ||
        memcmp(f->eh.e_ident, ELFMAG, SELFMAG) != 0 || f->eh.e_ident[EI_CLASS] != ELFCLASS64 ||
        f->eh.e_ident[EI_DATA] != (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB) ||
        f->eh.e_phentsize != sizeof(Elf64_Phdr) ||
        (f->eh.e_shnum != 0 && f->eh.e_shentsize != sizeof(Elf64_Shdr))) {
        close(f->fd);
        f->fd = -1;
        return -1;
    }
    return 0;
}

static void elf_close(struct elf_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}

/* The link-time address of file offset `off` (through the PT_LOAD that maps
 * it), and the build-id, hex, into id (empty if none). */
static int elf_vaddr_and_build_id(const struct elf_file *f, uint64_t off, uint64_t *vaddr,
                                  char *id, size_t id_len)
{
    bool found = false;
    id[0] = '\0';
    for (unsigned i = 0; i < f->eh.e_phnum; i++) {
        Elf64_Phdr ph;
        if (read_at(f, &ph, sizeof(ph), f->eh.e_phoff + (uint64_t)i * sizeof(ph)) != 0)
            return -1;
        if (ph.p_type == PT_LOAD && off >= ph.p_offset && off - ph.p_offset < ph.p_filesz) {
            *vaddr = ph.p_vaddr + (off - ph.p_offset);
            found = true;
        }
        if (ph.p_type != PT_NOTE || ph.p_filesz > 4096)
            continue;
        uint8_t *notes = malloc(ph.p_filesz + 1);
        if (notes == NULL || read_at(f, notes, ph.p_filesz, ph.p_offset) != 0) {
            free(notes);
            continue;
        }
        /* Notes: header, name padded to 4, descriptor padded to 4. */
        for (uint64_t p = 0; p + sizeof(Elf64_Nhdr) <= ph.p_filesz;) {
            Elf64_Nhdr nh;
            memcpy(&nh, notes + p, sizeof(nh));
            uint64_t name_at = p + sizeof(nh), desc_at = name_at + ((nh.n_namesz + 3u) & ~3u);
            uint64_t next = desc_at + ((nh.n_descsz + 3u) & ~3u);
            if (next > ph.p_filesz)
                break;
            if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
                memcmp(notes + name_at, "GNU", 4) == 0 && nh.n_descsz * 2 + 1 <= id_len) {
                for (unsigned b = 0; b < nh.n_descsz; b++)
                    snprintf(id + 2 * b, 3, "%02x", notes[desc_at + b]);
            }
            p = next;
        }
        free(notes);
    }
    return found ? 0 : -1;
}

/* How well a symbol names the routine: the one that starts exactly at the
 * address beats one that merely contains it; a memcpy name beats its
 * memmove alias at the same address (the caller called memcpy); a checking
 * (_chk) entry is not what was called. */
static int sym_score(const Elf64_Sym *s, const char *name, uint64_t vaddr)
{
    return (s->st_value == vaddr ? 4 : 0) + (strstr(name, "memcpy") ? 2 : 0) +
           (strstr(name, "_chk") ? 0 : 1);
}

/* Look vaddr up in f's .symtab. 1: named; 0: no .symtab; -1: error. */
static int elf_symtab_lookup(const struct elf_file *f, uint64_t vaddr, char *name, size_t name_len)
{
    for (unsigned i = 0; i < f->eh.e_shnum; i++) {
        Elf64_Shdr sh, strsh;
        if (read_at(f, &sh, sizeof(sh), f->eh.e_shoff + (uint64_t)i * sizeof(sh)) != 0)
            return -1;
        if (sh.sh_type != SHT_SYMTAB || sh.sh_entsize != sizeof(Elf64_Sym))
            continue;
        if (sh.sh_link >= f->eh.e_shnum ||
            read_at(f, &strsh, sizeof(strsh), f->eh.e_shoff + (uint64_t)sh.sh_link * sizeof(strsh)) != 0 ||
            sh.sh_size > SYM_FILE_MAX || strsh.sh_size > SYM_FILE_MAX || strsh.sh_size == 0)
            return -1;
        Elf64_Sym *syms = malloc(sh.sh_size);
        char *strs = malloc(strsh.sh_size + 1);
        int found = 0, best = -1;
        if (syms == NULL || strs == NULL || read_at(f, syms, sh.sh_size, sh.sh_offset) != 0 ||
            read_at(f, strs, strsh.sh_size, strsh.sh_offset) != 0) {
            free(syms);
            free(strs);
            return -1;
        }
        strs[strsh.sh_size] = '\0';
        /* Assembly routines written without a .size (musl's x86-64 memcpy)
         * have size 0: one of them names vaddr when it is the nearest
         * function at or below it and no sized function contains vaddr. */
        const Elf64_Sym *nearest = NULL;
        for (size_t k = 0; k < sh.sh_size / sizeof(Elf64_Sym); k++) {
            const Elf64_Sym *s = &syms[k];
            if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx == SHN_UNDEF ||
                s->st_name >= strsh.sh_size)
                continue;
            if (s->st_value <= vaddr && (nearest == NULL || s->st_value > nearest->st_value ||
                                         (s->st_value == nearest->st_value && s->st_size == 0)))
                nearest = s;
            if (vaddr < s->st_value || vaddr - s->st_value >= (s->st_size ? s->st_size : 1))
                continue;
            const char *n = strs + s->st_name;
            int score = sym_score(s, n, vaddr);
            if (score > best) {
                best = score;
                snprintf(name, name_len, "%s", n);
                found = 1;
            }
        }
        if (!found && nearest != NULL && nearest->st_size == 0) {
            snprintf(name, name_len, "%s", strs + nearest->st_name);
            found = 1;
        }
        free(syms);
        free(strs);
        return found ? 1 : 0;
    }
    return 0;
}

/* The mapping of this process that holds addr: its file and file offset. */
static int map_lookup(uintptr_t addr, char *path, size_t path_len, uint64_t *file_off)
{
    char *line = NULL;
    size_t cap = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    int found = -1;
    if (f == NULL)
        return -1;
    while (found != 0 && getline(&line, &cap, f) > 0) {
        unsigned long lo, hi, off;
        int path_at = 0;
        if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %n", &lo, &hi, &off, &path_at) < 3 ||
            path_at == 0 || addr < lo || addr >= hi || line[path_at] != '/')
            continue;
        line[strcspn(line, "\n")] = '\0';
        snprintf(path, path_len, "%s", line + path_at);
        *file_off = off + (addr - lo);
        found = 0;
    }
    free(line);
    fclose(f);
    return found;
}

/* The file that holds addr in this process and addr's link-time address in
 * it, the build-id too. 0 with *obj open (the caller closes it); 1 when the
 * file is found but not read (where gets "object+0xfileoffset", source why);
 * -1 when no mapped file holds addr. */
static int code_place(uintptr_t addr, char *path, size_t path_len, struct elf_file *obj,
                      uint64_t *vaddr, char *id, size_t id_len, char *where, size_t where_len,
                      char *source, size_t source_len)
{
    uint64_t off;
    where[0] = '\0';
    if (map_lookup(addr, path, path_len, &off) != 0) {
        snprintf(source, source_len, "no mapped file holds the routine's address");
        return -1;
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (elf_open(obj, path) != 0) {
        snprintf(where, where_len, "%s+0x%llx", base, (unsigned long long)off);
        snprintf(source, source_len, "cannot read %s as a 64-bit ELF file", path);
        return 1;
    }
    if (elf_vaddr_and_build_id(obj, off, vaddr, id, id_len) != 0) {
        elf_close(obj);
        snprintf(where, where_len, "%s+0x%llx", base, (unsigned long long)off);
        snprintf(source, source_len, "no loadable segment of %s holds the address", path);
        return 1;
    }
    snprintf(where, where_len, "%s+0x%llx", base, (unsigned long long)*vaddr);
    return 0;
}

int probe_code_at(uintptr_t addr, char *where, size_t where_len, uint64_t *vaddr)
{
    char *path = malloc(PATH_MAX), id[2 * 64 + 1], source[160];
    struct elf_file obj;
    int r = -1;
    if (path != NULL)
        r = code_place(addr, path, PATH_MAX, &obj, vaddr, id, sizeof(id), where, where_len,
                       source, sizeof(source));
    if (r == 0)
        elf_close(&obj);
    free(path);
    escape_in_place(where, where_len);
    return r == 0 ? 0 : -1;
}

int probe_store_at(const struct probe_result *r, unsigned i, char *where, size_t where_len,
                   uint64_t *vaddr)
{
    if (i >= r->p.n || i >= DMA_PATTERN_MAX) {
        if (where_len > 0)
            where[0] = '\0';
        return -1;
    }
    return probe_code_at(r->store_ip[i], where, where_len, vaddr);
}

/* probe_symbol_name with its buffers given (on the heap). */
static int symbol_lookup(uintptr_t addr, const char *debug_root, char *name, size_t name_len,
                         char *where, size_t where_len, char *source, size_t source_len,
                         char *path, size_t path_len, char *dbg, size_t dbg_len, char *id,
                         size_t id_len)
{
    uint64_t vaddr = 0;
    struct elf_file obj, dbgf;
    int r;
    struct stat st;

    if (code_place(addr, path, path_len, &obj, &vaddr, id, id_len, where, where_len, source,
                   source_len) != 0)
        return -1;
    r = elf_symtab_lookup(&obj, vaddr, name, name_len);
    elf_close(&obj);
    if (r == 1) {
        snprintf(source, source_len, "the symbol table of %s", path);
        return 0;
    }
    if (id[0] == '\0') {
        snprintf(source, source_len, "%s has no symbol table and no build-id to find its debug"
                 " symbols by", path);
        return -1;
    }
    snprintf(dbg, dbg_len, "%s/.build-id/%.2s/%s.debug", debug_root, id, id + 2);
    if (stat(dbg, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(source, source_len, "%s has no symbol table, and %s is not a regular file"
                 " (not read)", path, dbg);
        return -1;
    }
    if (elf_open(&dbgf, dbg) != 0) {
        snprintf(source, source_len, "%s has no symbol table, and there are no debug symbols"
                 " for it at %s (on Debian: apt-get install libc6-dbg)", path, dbg);
        return -1;
    }
    r = elf_symtab_lookup(&dbgf, vaddr, name, name_len);
    elf_close(&dbgf);
    if (r == 1) {
        snprintf(source, source_len, "debug symbols %s", dbg);
        return 0;
    }
    snprintf(source, source_len, "no function symbol holds %s in %s", where, dbg);
    return -1;
}

int probe_symbol_name(uintptr_t addr, const char *debug_root, char *name, size_t name_len,
                      char *where, size_t where_len, char *source, size_t source_len)
{
    char *path = malloc(PATH_MAX), *dbg = malloc(PATH_MAX + 200), id[2 * 64 + 1];
    int r;

    name[0] = where[0] = '\0';
    if (path == NULL || dbg == NULL) {
        snprintf(source, source_len, "out of memory");
        r = -1;
    } else {
        r = symbol_lookup(addr, debug_root, name, name_len, where, where_len, source, source_len,
                          path, PATH_MAX, dbg, PATH_MAX + 200, id, sizeof(id));
    }
    /* Symbol names and paths come from files and the user: escaped before
     * any output prints them. */
    escape_in_place(name, name_len);
    escape_in_place(where, where_len);
    escape_in_place(source, source_len);
    free(path);
    free(dbg);
    return r;
}
