/* An LD_PRELOAD shim that makes chosen file operations fail, for tests/hostile/test_os_failures.py.
 *
 * The tests run as root, so chmod cannot make a folder read-only for them; this shim makes the
 * C library calls Python uses fail as a read-only folder, a full disk or a dying disk would.
 * Configured by the environment (read at every call, so the values set at exec hold):
 *
 *   FAILSHIM_PATH   substring a path must contain for its operation to fail (required)
 *   FAILSHIM_OPS    comma-separated: open (open for reading, opendir), read (read() on a
 *                   file opened for reading), create (open for writing or creating), write
 *                   (write() on a file opened for writing, after FAILSHIM_AFTER bytes),
 *                   rename, mkdir, unlink (unlink, rmdir)
 *   FAILSHIM_ERRNO  ENOSPC, EROFS, EACCES, EFBIG, EIO, EPERM (default EIO)
 *   FAILSHIM_AFTER  bytes a matching file may receive before write() fails (default 0); all
 *                   matching files together when FAILSHIM_TOTAL is 1 (a disk filling up)
 *   FAILSHIM_LOG    a file to which each injected failure appends one line "op path"
 *
 * glibc only (dlsym(RTLD_NEXT, ...)). Compiled by the test with the system gcc.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_FDS 4096
static long long written[MAX_FDS]; /* bytes written to an fd chosen for "write"; -1: not one */
static char reading[MAX_FDS];      /* 1: an fd chosen for "read" */
static long long total_written;    /* bytes written to all fds chosen for "write" */
static int initialised;

static void init(void) {
    if (!initialised) {
        for (int i = 0; i < MAX_FDS; i++) written[i] = -1;
        initialised = 1;
    }
}

static int wants(const char *op) {
    const char *ops = getenv("FAILSHIM_OPS");
    size_t n = strlen(op);
    if (!ops) return 0;
    for (const char *p = ops; (p = strstr(p, op)) != NULL; p += n) {
        if ((p == ops || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) return 1;
    }
    return 0;
}

static int matches(const char *path) {
    const char *sub = getenv("FAILSHIM_PATH");
    return sub && *sub && path && strstr(path, sub) != NULL;
}

static int chosen_errno(void) {
    const char *e = getenv("FAILSHIM_ERRNO");
    if (!e) return EIO;
    if (!strcmp(e, "ENOSPC")) return ENOSPC;
    if (!strcmp(e, "EROFS")) return EROFS;
    if (!strcmp(e, "EACCES")) return EACCES;
    if (!strcmp(e, "EFBIG")) return EFBIG;
    if (!strcmp(e, "EPERM")) return EPERM;
    return EIO;
}

static void note(const char *op, const char *path) {
    const char *log = getenv("FAILSHIM_LOG");
    int (*real_open)(const char *, int, ...) = dlsym(RTLD_NEXT, "open64");
    ssize_t (*real_write)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");
    char line[4200];
    if (!log) return;
    int fd = real_open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    int len = snprintf(line, sizeof line, "%s %s\n", op, path ? path : "?");
    if (len > (int)sizeof line - 1) len = sizeof line - 1;
    real_write(fd, line, (size_t)len);
    close(fd);
}

static int fail(const char *op, const char *path) {
    note(op, path);
    errno = chosen_errno();
    return -1;
}

/* As the kernel: an existing folder is EEXIST to mkdir, a missing file ENOENT to unlink, even
 * on a read-only file system. */
static int exists_at(int dirfd, const char *path) {
    struct stat st;
    return fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static int exists(const char *path) { return exists_at(AT_FDCWD, path); }

/* Decide for an open: fail it, or track the new fd for "write". */
static int refuse_open(const char *path, int flags) {
    int writing = (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
    if (!matches(path)) return 0;
    if (writing && wants("create")) return 1;
    if (!writing && wants("open")) return 1;
    return 0;
}

static int track(int fd, const char *path, int flags) {
    init();
    if (fd >= 0 && fd < MAX_FDS) {
        int writing = (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
        written[fd] = (writing && matches(path) && wants("write")) ? 0 : -1;
        reading[fd] = !writing && matches(path) && wants("read");
    }
    return fd;
}

#define OPEN_MODE(flags, mode)                    \
    mode_t mode = 0;                              \
    if ((flags) & (O_CREAT | O_TMPFILE)) {        \
        va_list ap;                               \
        va_start(ap, flags);                      \
        mode = va_arg(ap, mode_t);                \
        va_end(ap);                               \
    }

#define DEFINE_OPEN(name)                                                   \
    int name(const char *path, int flags, ...) {                            \
        static int (*real)(const char *, int, ...);                         \
        OPEN_MODE(flags, mode);                                             \
        if (!real) real = dlsym(RTLD_NEXT, #name);                          \
        if (refuse_open(path, flags)) return fail("open", path);            \
        return track(real(path, flags, mode), path, flags);                 \
    }

#define DEFINE_OPENAT(name)                                                 \
    int name(int dirfd, const char *path, int flags, ...) {                 \
        static int (*real)(int, const char *, int, ...);                    \
        OPEN_MODE(flags, mode);                                             \
        if (!real) real = dlsym(RTLD_NEXT, #name);                          \
        if (refuse_open(path, flags)) return fail("open", path);            \
        return track(real(dirfd, path, flags, mode), path, flags);          \
    }

DEFINE_OPEN(open)
DEFINE_OPEN(open64)
DEFINE_OPENAT(openat)
DEFINE_OPENAT(openat64)

FILE *fopen64(const char *path, const char *mode) {
    static FILE *(*real)(const char *, const char *);
    if (!real) real = dlsym(RTLD_NEXT, "fopen64");
    if (matches(path) && (strchr(mode, 'r') && !strchr(mode, '+') ? wants("open") : wants("create"))) {
        fail("open", path);
        return NULL;
    }
    return real(path, mode);
}

DIR *opendir(const char *path) {
    static DIR *(*real)(const char *);
    if (!real) real = dlsym(RTLD_NEXT, "opendir");
    if (matches(path) && wants("open")) {
        fail("opendir", path);
        return NULL;
    }
    return real(path);
}

ssize_t write(int fd, const void *buf, size_t count) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = dlsym(RTLD_NEXT, "write");
    init();
    if (fd >= 0 && fd < MAX_FDS && written[fd] >= 0) {
        const char *after = getenv("FAILSHIM_AFTER");
        long long limit = after ? atoll(after) : 0;
        const char *total = getenv("FAILSHIM_TOTAL");
        int whole_disk = total && !strcmp(total, "1");
        long long room = limit - (whole_disk ? total_written : written[fd]);
        if (room <= 0) {
            char what[32];
            snprintf(what, sizeof what, "fd %d", fd);
            return fail("write", what);
        }
        if ((long long)count > room) count = (size_t)room; /* a short write, then the failure */
        ssize_t n = real(fd, buf, count);
        if (n > 0) {
            written[fd] += n;
            total_written += n;
        }
        return n;
    }
    return real(fd, buf, count);
}

ssize_t read(int fd, void *buf, size_t count) {
    static ssize_t (*real)(int, void *, size_t);
    if (!real) real = dlsym(RTLD_NEXT, "read");
    init();
    if (fd >= 0 && fd < MAX_FDS && reading[fd]) {
        char what[32];
        snprintf(what, sizeof what, "fd %d", fd);
        return fail("read", what);
    }
    return real(fd, buf, count);
}

int close(int fd) {
    static int (*real)(int);
    if (!real) real = dlsym(RTLD_NEXT, "close");
    init();
    if (fd >= 0 && fd < MAX_FDS) {
        written[fd] = -1;
        reading[fd] = 0;
    }
    return real(fd);
}

int rename(const char *from, const char *to) {
    static int (*real)(const char *, const char *);
    if (!real) real = dlsym(RTLD_NEXT, "rename");
    if (wants("rename") && (matches(from) || matches(to))) return fail("rename", to);
    return real(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to) {
    static int (*real)(int, const char *, int, const char *);
    if (!real) real = dlsym(RTLD_NEXT, "renameat");
    if (wants("rename") && (matches(from) || matches(to))) return fail("rename", to);
    return real(fromfd, from, tofd, to);
}

int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned int flags) {
    static int (*real)(int, const char *, int, const char *, unsigned int);
    if (!real) real = dlsym(RTLD_NEXT, "renameat2");
    if (wants("rename") && (matches(from) || matches(to))) return fail("rename", to);
    return real(fromfd, from, tofd, to, flags);
}

int mkdir(const char *path, mode_t mode) {
    static int (*real)(const char *, mode_t);
    if (!real) real = dlsym(RTLD_NEXT, "mkdir");
    if (wants("mkdir") && matches(path) && !exists(path)) return fail("mkdir", path);
    return real(path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
    static int (*real)(int, const char *, mode_t);
    if (!real) real = dlsym(RTLD_NEXT, "mkdirat");
    if (wants("mkdir") && matches(path) && !exists_at(dirfd, path)) return fail("mkdir", path);
    return real(dirfd, path, mode);
}

int unlink(const char *path) {
    static int (*real)(const char *);
    if (!real) real = dlsym(RTLD_NEXT, "unlink");
    if (wants("unlink") && matches(path) && exists(path)) return fail("unlink", path);
    return real(path);
}

int unlinkat(int dirfd, const char *path, int flags) {
    static int (*real)(int, const char *, int);
    if (!real) real = dlsym(RTLD_NEXT, "unlinkat");
    if (wants("unlink") && matches(path) && exists_at(dirfd, path)) return fail("unlink", path);
    return real(dirfd, path, flags);
}

int rmdir(const char *path) {
    static int (*real)(const char *);
    if (!real) real = dlsym(RTLD_NEXT, "rmdir");
    if (wants("unlink") && matches(path) && exists(path)) return fail("unlink", path);
    return real(path);
}
