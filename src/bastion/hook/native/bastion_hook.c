/*
 * bastion-hook, native: the per-call hook client in C, so a tool call does not pay for a
 * Python interpreter's start-up (about 70% of the Python hook's time).
 *
 * It does exactly what bastion/hook/__init__.py does when a daemon answers, with the same
 * options, environment, limits and messages, and nothing else:
 *   - reads the payload from stdin, at most BASTION_MAX_PAYLOAD_BYTES (16 MiB) + 1 byte;
 *   - connects to <home>/daemon.sock (or --socket), asks the kernel who listens there
 *     (SO_PEERCRED) and refuses any uid but this user or root (personal mode) or the
 *     pinned --daemon-uid (system mode), before it sends a byte;
 *   - sends "BASTION/1 <agent> <n>\n<payload>" and relays the reply
 *     "<exit> <out> <err>\n<out><err>" to stdout, stderr and its exit status;
 *   - fails closed (exit 2, a message on stderr naming the fix) on every other outcome.
 * When nothing accepts on the socket and another hook's daemon start is under way (the pid
 * noted in <home>/daemon.start.lock is a live `bastion.daemon`, hook/recover.start_under_way),
 * it waits for that daemon's socket itself, polling as hook/recover.wait_for_daemon does: a
 * waiting call then costs no Python start beside the daemon's. Otherwise it hands the call,
 * payload included, to the Python hook (exec, path fixed at build time), where starting a
 * daemon and the in-process decision live. See bastion/hook/native_build.py (the build).
 *
 * Linux only (SO_PEERCRED, memfd_create). No allocation but the payload and the reply.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#ifndef BASTION_PY_HOOK
#define BASTION_PY_HOOK ""
#endif

/* The agent a hook command that names none means, from the sensor registry
   (bastion.sensors.registry.DEFAULT_AGENT), passed in by hook/native_build.py. The client
   keeps no list of agents: like the Python hook it checks only the shape of the name
   (bastion.wire.protocol.is_agent_name) and the daemon refuses an agent it has no sensor for. */
#ifndef BASTION_DEFAULT_AGENT
#error "build with -DBASTION_DEFAULT_AGENT (bastion/hook/native_build.py does)"
#endif
#define MAX_AGENT_NAME 32 /* wire.protocol.MAX_AGENT_NAME */
#define CONTROL "control" /* wire.protocol.CONTROL: not an agent */
#define NAME_RULE "an agent's name is lowercase letters, digits and '-' (see `bastion install --help`)"
#define FIX "start the daemon with `bastion up` (see `bastion status`)"
#define DEFAULT_MAX_PAYLOAD (16L * 1024 * 1024)
#define MAX_REPLY_HEADER 64
#define HEADROOM 80 /* "BASTION/1 <agent, at most 32> <20 digits>\n" fits */
#define MAX_REPLY_BODY (256L * 1024 * 1024)
#define START_LOCK "daemon.start.lock" /* hook.recover.START_LOCK */
#define START_WAIT_SECONDS 20.0        /* hook.recover.START_WAIT_SECONDS (BASTION_START_WAIT) */
#define POLL_FIRST_NS 2000000L         /* hook.recover.wait_for_daemon: 2 ms, doubling */
#define POLL_MAX_NS 10000000L          /* hook.recover.POLL_MAX_SECONDS: 10 ms */

static int system_mode;
static double timeout_seconds = 30.0;

static void put(int fd, const char *buf, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return;
        }
        buf += w;
        n -= (size_t)w;
    }
}

static int say(int code, const char *fmt, ...) {
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof msg) {
        n = sizeof msg - 1;
        msg[n - 1] = '\n';
    }
    put(2, msg, (size_t)n);
    return code;
}

/* No decision could be had: deny, unless the operator chose fail-open (never in system mode,
   where the environment is the agent's). */
static int no_decision(const char *fmt, ...) {
    char reason[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    const char *on = getenv("BASTION_ON_UNAVAILABLE");
    if (!system_mode && on != NULL && strcmp(on, "allow") == 0)
        return say(0, "Bastion: %s; allowed by BASTION_ON_UNAVAILABLE\n", reason);
    return say(2, "Bastion: no decision could be had (%s); denied to be safe. Fix: %s.\n", reason,
               FIX);
}

static const char *option(int argc, char **argv, const char *name) {
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0) return i + 1 < argc ? argv[i + 1] : NULL;
    return NULL;
}

/* abspath(expanduser(p)) as the Python hook computes it (~ and ~/ only). */
static int absolute(const char *p, char *out, size_t size) {
    const char *home = getenv("HOME");
    int n;
    if (p[0] == '~' && (p[1] == '\0' || p[1] == '/') && home != NULL && home[0] != '\0')
        n = snprintf(out, size, "%s%s", home, p + 1);
    else if (p[0] == '/')
        n = snprintf(out, size, "%s", p);
    else {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof cwd) == NULL) return -1;
        n = snprintf(out, size, "%s/%s", cwd, p);
    }
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* strtol with the whole string consumed; 0 on success. */
static int parse_long(const char *s, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0') return -1;
    *out = v;
    return 0;
}

/* A reply header field: plain decimal digits only. */
static int parse_field(const char *s, size_t n, long *out) {
    long v = 0;
    if (n == 0 || n > 12) return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Nobody accepts on the socket: run the Python hook on the same arguments and payload. */
static int hand_to_python(char **argv, const char *payload, size_t size, const char *socket_path) {
    const char *py = BASTION_PY_HOOK;
    if (py[0] == '\0')
        return no_decision("no daemon answers on %s and this hook was built without a "
                           "Python fallback",
                           socket_path);
    int fd = memfd_create("bastion-hook-payload", 0);
    if (fd < 0) return no_decision("no daemon answers on %s (%s)", socket_path, strerror(errno));
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, payload + off, size - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            return no_decision("no daemon answers on %s (%s)", socket_path, strerror(errno));
        }
        off += (size_t)w;
    }
    if (lseek(fd, 0, SEEK_SET) != 0 || dup2(fd, 0) < 0)
        return no_decision("no daemon answers on %s (%s)", socket_path, strerror(errno));
    close(fd);
    argv[0] = (char *)py;
    execv(py, argv);
    return no_decision("no daemon answers on %s and the Python hook %s could not be started: %s",
                       socket_path, py, strerror(errno));
}

/* Whether a daemon a hook started is still coming up (hook.recover.start_under_way): the pid
   in the start lock file is a live process whose command line names bastion.daemon. */
static int start_under_way(const char *home) {
    char path[PATH_MAX], text[4096];
    if (snprintf(path, sizeof path, "%s/%s", home, START_LOCK) >= (int)sizeof path) return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return 0;
    ssize_t n = pread(fd, text, 31, 0);
    close(fd);
    if (n <= 0) return 0;
    text[n] = '\0';
    long pid;
    if (parse_long(text, &pid) != 0 || pid <= 0) return 0;
    snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    n = read(fd, text, sizeof text);
    close(fd);
    return n > 0 && memmem(text, (size_t)n, "bastion.daemon", 14) != NULL;
}

static double seconds_since(const struct timespec *t0) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* While a start is under way, try the socket with a short backoff: a connected socket, -1
   when no start is under way (any more), or -2 once `wait` seconds passed without an answer. */
static int wait_for_start(const char *home, const struct sockaddr_un *addr, double wait,
                          const struct timeval *tv) {
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long delay = POLL_FIRST_NS;
    while (start_under_way(home)) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return -1;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, sizeof *tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, tv, sizeof *tv);
        if (connect(fd, (const struct sockaddr *)addr, sizeof *addr) == 0) return fd;
        close(fd);
        if (seconds_since(&t0) + (double)delay / 1e9 > wait) return -2;
        struct timespec pause = {.tv_sec = 0, .tv_nsec = delay};
        nanosleep(&pause, NULL);
        delay = delay * 2 > POLL_MAX_NS ? POLL_MAX_NS : delay * 2;
    }
    return -1;
}

static int send_all(int fd, const char *buf, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

static int io_failure(void) {
    if (errno == EAGAIN || errno == EWOULDBLOCK)
        return no_decision("the daemon did not answer within %g s", timeout_seconds);
    return no_decision("the daemon's reply could not be read (%s)", strerror(errno));
}

/* Whether name is shaped like an agent name (wire.protocol.is_agent_name). */
static int is_agent_name(const char *name) {
    size_t n = strlen(name);
    if (n == 0 || n > MAX_AGENT_NAME || strcmp(name, CONTROL) == 0) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    const char *agent = argc > 1 && argv[1][0] != '-' ? argv[1] : BASTION_DEFAULT_AGENT;
    if (!is_agent_name(agent))
        return say(2, "Bastion: unknown agent '%s'; %s\n", agent, NAME_RULE);

    const char *limit_s = getenv("BASTION_MAX_PAYLOAD_BYTES");
    long limit = DEFAULT_MAX_PAYLOAD;
    /* A broken setting is a deny even where BASTION_ON_UNAVAILABLE=allow: the Python hook
       stops on it too (exit 1, which the installed command turns into a block). */
    if (limit_s != NULL && (parse_long(limit_s, &limit) != 0 || limit < 0))
        return say(2, "Bastion: BASTION_MAX_PAYLOAD_BYTES=%s is not a number of bytes; denied "
                      "to be safe. Fix: set it to a whole number or unset it\n", limit_s);
    const char *timeout_s = getenv("BASTION_HOOK_TIMEOUT");
    if (timeout_s != NULL) {
        char *end;
        timeout_seconds = strtod(timeout_s, &end);
        if (end == timeout_s || *end != '\0' || !(timeout_seconds > 0))
            return say(2, "Bastion: BASTION_HOOK_TIMEOUT=%s is not a number of seconds; denied "
                          "to be safe. Fix: set it to a positive number or unset it\n", timeout_s);
        if (timeout_seconds > 86400) timeout_seconds = 86400; /* Claude Code stops at 60 s */
    }

    char home[PATH_MAX];
    const char *pinned_home = option(argc, argv, "--home");
    const char *env_home = getenv("BASTION_HOME");
    const char *user_home = getenv("HOME");
    int ok;
    if (pinned_home != NULL && pinned_home[0] != '\0')
        ok = absolute(pinned_home, home, sizeof home);
    else if (env_home != NULL && env_home[0] != '\0')
        ok = absolute(env_home, home, sizeof home);
    else
        ok = user_home != NULL && user_home[0] ? absolute("~/.bastion", home, sizeof home) : -1;

    /* The payload first, as the Python hook does: over the limit, nothing is sent. */
    /* Room for the request header in front, so header and payload leave in one write. */
    size_t cap = 65536, size = 0;
    char *buf = malloc(HEADROOM + cap);
    if (buf == NULL) return no_decision("stdin could not be read: out of memory");
    char *payload = buf + HEADROOM;
    while (size <= (size_t)limit) {
        if (size == cap) {
            cap = cap * 2 > (size_t)limit + 1 ? (size_t)limit + 1 : cap * 2;
            char *grown = realloc(buf, HEADROOM + cap);
            if (grown == NULL) return no_decision("stdin could not be read: out of memory");
            buf = grown;
            payload = buf + HEADROOM;
        }
        ssize_t r = read(0, payload + size, cap - size);
        if (r < 0) {
            if (errno == EINTR) continue;
            return no_decision("stdin could not be read: %s", strerror(errno));
        }
        if (r == 0) break;
        size += (size_t)r;
    }
    if (size > (size_t)limit)
        return say(2,
                   "Bastion: hook payload larger than %g MB cannot be inspected and is refused; "
                   "raise BASTION_MAX_PAYLOAD_BYTES if such payloads are expected\n",
                   (double)limit / 1048576.0);

    const char *pinned_socket = option(argc, argv, "--socket");
    char socket_path[PATH_MAX];
    if (pinned_socket != NULL && pinned_socket[0] != '\0')
        snprintf(socket_path, sizeof socket_path, "%s", pinned_socket);
    else if (ok != 0 || snprintf(socket_path, sizeof socket_path, "%s/daemon.sock", home) >=
                            (int)sizeof socket_path)
        return hand_to_python(argv, payload, size, "the Bastion home");  /* Python resolves it */

    const char *pinned_uid = option(argc, argv, "--daemon-uid");
    system_mode = pinned_uid != NULL;
    long trusted[2] = {(long)getuid(), 0};
    int n_trusted = 2;
    if (system_mode) {
        if (parse_long(pinned_uid, &trusted[0]) != 0)
            return no_decision("--daemon-uid '%s' is not a number", pinned_uid);
        n_trusted = 1;
    }

    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return no_decision("no socket could be made (%s)", strerror(errno));
    struct timeval tv = {.tv_sec = (time_t)timeout_seconds,
                         .tv_usec = (suseconds_t)((timeout_seconds - (double)(time_t)timeout_seconds) * 1e6)};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    size_t path_len = strlen(socket_path);
    if (path_len >= sizeof addr.sun_path ||
        (memcpy(addr.sun_path, socket_path, path_len + 1),
         connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)) {
        close(fd);
        fd = -1;
        /* Personal mode: a start another hook began is waited for here, not in a Python. */
        if (!system_mode && ok == 0 && path_len < sizeof addr.sun_path) {
            double wait = START_WAIT_SECONDS;
            const char *wait_s = getenv("BASTION_START_WAIT");
            if (wait_s != NULL) {
                char *end;
                double v = strtod(wait_s, &end);
                if (end != wait_s && *end == '\0' && v >= 0) wait = v;
            }
            fd = wait_for_start(home, &addr, wait, &tv);
            if (fd == -2)
                return no_decision("no daemon answered within %g s while one was starting", wait);
        }
        if (fd < 0) return hand_to_python(argv, payload, size, socket_path);
    }

    /* The kernel's word on who listens, before we say a thing. */
    struct ucred cred;
    socklen_t cred_len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) != 0) return io_failure();
    int trusted_peer = 0;
    for (int i = 0; i < n_trusted; i++) trusted_peer |= (long)cred.uid == trusted[i];
    if (!trusted_peer) {
        char uids[64];
        if (n_trusted == 2)
            snprintf(uids, sizeof uids, "%ld or %ld", trusted[0], trusted[1]);
        else
            snprintf(uids, sizeof uids, "%ld", trusted[0]);
        return say(2,
                   "Bastion: the process answering on %s (pid %d) runs as uid %u, not as "
                   "Bastion's daemon user (uid %s); its answers are not trusted. Fix: stop that "
                   "process and run `bastion doctor`; denied to be safe.\n",
                   socket_path, (int)cred.pid, (unsigned)cred.uid, uids);
    }

    char header[HEADROOM];
    int header_len = snprintf(header, sizeof header, "BASTION/1 %s %zu\n", agent, size);
    memcpy(payload - header_len, header, (size_t)header_len);
    if (send_all(fd, payload - header_len, (size_t)header_len + size) != 0) return io_failure();
    free(buf);

    /* The reply: a short header line, then exactly <out> + <err> bytes. */
    char head[MAX_REPLY_HEADER + 1];
    size_t got = 0;
    char *nl = NULL;
    while (nl == NULL) {
        if (got == MAX_REPLY_HEADER)
            return no_decision("the daemon's reply could not be read (header too long)");
        ssize_t r = recv(fd, head + got, MAX_REPLY_HEADER - got, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            return io_failure();
        }
        if (r == 0) return no_decision("the daemon closed the connection without a reply");
        got += (size_t)r;
        nl = memchr(head, '\n', got);
    }
    long field[3];
    const char *p = head;
    for (int i = 0; i < 3; i++) {
        const char *stop = i < 2 ? memchr(p, ' ', (size_t)(nl - p)) : nl;
        if (stop == NULL || parse_field(p, (size_t)(stop - p), &field[i]) != 0)
            return no_decision("the daemon's reply could not be read (bad reply header)");
        p = stop + 1;
    }
    if (field[0] > 255 || field[1] + field[2] > MAX_REPLY_BODY)
        return no_decision("the daemon's reply could not be read (reply header out of range)");
    size_t need = (size_t)(field[1] + field[2]);
    char *body = malloc(need + 1);
    if (body == NULL) return no_decision("the daemon's reply could not be read (out of memory)");
    size_t have = got - (size_t)(nl + 1 - head);
    if (have > need) have = need;
    memcpy(body, nl + 1, have);
    while (have < need) {
        ssize_t r = recv(fd, body + have, need - have, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            return io_failure();
        }
        if (r == 0) return no_decision("the daemon's reply was cut short");
        have += (size_t)r;
    }
    close(fd);
    put(1, body, (size_t)field[1]);
    put(2, body + field[1], (size_t)field[2]);
    return (int)field[0];
}
