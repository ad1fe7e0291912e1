// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_qemu.c - the QEMU process (vm_qemu.h). */
#include "vm/vm_qemu.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vm/vm_exec.h"

#define VM_QEMU_GRACE_MS 2000

int vm_qemu_identify(const char *path, char *version, size_t vlen, char *banner, size_t blen,
		     char *err, size_t errlen)
{
	char out[2048];
	char *argv[] = { (char *)path, "-version", NULL };
	int rc = vm_exec_capture(argv, out, sizeof(out), 20);
	const char *tag = "QEMU emulator version ";
	char *p = strstr(out, tag);
	if (rc != 0 || p == NULL) {
		if (rc == -1)
			snprintf(err, errlen, "cannot run %s: %s", path, out);
		else if (rc == -2)
			snprintf(err, errlen, "%s -version did not answer within 20 s", path);
		else
			snprintf(err, errlen, "%s is not a usable QEMU: -version %s", path,
				 rc != 0 ? "failed" : "does not say 'QEMU emulator version'");
		return -1;
	}
	size_t bl = strcspn(out, "\n");
	snprintf(banner, blen, "%.*s", (int)bl, out);
	p += strlen(tag);
	snprintf(version, vlen, "%.*s", (int)strcspn(p, " \n("), p);
	return 0;
}

int vm_qemu_has_device(const char *path, const char *name)
{
	static char out[1 << 16];
	char *argv[] = { (char *)path, "-machine", "none", "-device", "help", NULL };
	if (vm_exec_capture(argv, out, sizeof(out), 20) != 0)
		return -1;
	char want[64];
	snprintf(want, sizeof(want), "name \"%s\"", name);
	return strstr(out, want) != NULL;
}

int vm_qemu_patch(const char *path, char *name, size_t len)
{
	char real[PATH_MAX], info[PATH_MAX + 32], line[256];
	name[0] = '\0';
	if (!realpath(path, real))
		return -1;
	char *slash = strrchr(real, '/');
	if (!slash || slash - real < 4 || strncmp(slash - 4, "/bin", 4) != 0)
		return -1;
	snprintf(info, sizeof(info), "%.*s/build-info.txt", (int)(slash - 4 - real), real);
	FILE *f = fopen(info, "r");
	if (!f)
		return -1;
	int rc = -1;
	/* build-src.sh writes "patch: NAME (sha256 HASH...)". */
	while (rc < 0 && fgets(line, sizeof(line), f))
		if (!strncmp(line, "patch: ", 7)) {
			size_t n = strcspn(line + 7, " \n");
			if (n > 0 && n < len) {
				snprintf(name, len, "%.*s", (int)n, line + 7);
				rc = 0;
			}
		}
	fclose(f);
	return rc;
}

bool vm_qemu_at_least(const char *version, int major, int minor)
{
	int a = 0, b = 0;
	if (sscanf(version, "%d.%d", &a, &b) < 1)
		return false;
	return a > major || (a == major && b >= minor);
}

int vm_qemu_start(struct vm_qemu *q, const struct vm_launch *l, char *err, size_t errlen)
{
	char mem[64], machine[64], sock[4200], udp[96], append[1024], dev[128];
	memset(q, 0, sizeof(*q));
	q->console = -1;
	snprintf(q->err_path, sizeof(q->err_path), "%s/qemu.err", l->dir);
	snprintf(mem, sizeof(mem), "memory-backend-memfd,id=ram0,size=%uM,share=on", l->ram_mb);
	snprintf(machine, sizeof(machine), "q35,memory-backend=ram0");
	snprintf(sock, sizeof(sock), "unix:%s/hmp.sock,server=on,wait=off", l->dir);
	snprintf(udp, sizeof(udp), "socket,id=n0,udp=127.0.0.1:%u,localaddr=127.0.0.1:%u", l->port_host,
		 l->port_guest);
	snprintf(append, sizeof(append), "%s", l->append);
	snprintf(dev, sizeof(dev), "%s,netdev=n0,mac=52:54:00:e1:00:01", l->device);
	char ram[16];
	snprintf(ram, sizeof(ram), "%u", l->ram_mb);
	char *argv[] = { (char *)l->qemu, "-nodefaults", "-no-user-config", "-display", "none",
			 "-accel", l->kvm ? "kvm" : "tcg", "-cpu", "max", "-smp", "1", "-m", ram,
			 "-object", mem, "-machine", machine, "-kernel", (char *)l->kernel,
			 "-initrd", (char *)l->initrd, "-append", append, "-serial", "stdio",
			 "-no-reboot", "-monitor", sock, "-netdev", udp, "-device", dev, NULL };
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	int errfd = open(q->err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (errfd < 0) {
		snprintf(err, errlen, "%s: %s", q->err_path, strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		close(errfd);
		return -1;
	}
	if (pid == 0) {
		/* Its own group: the terminal's Ctrl-C is ours to handle; and it
		 * dies with us if we are killed outright. */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(p[1], 1);
		dup2(errfd, 2);
		execv(argv[0], argv);
		dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(p[1]);
	close(errfd);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	q->pid = pid;
	q->console = p[0];
	return 0;
}

bool vm_qemu_poll(struct vm_qemu *q)
{
	if (q->pid == 0 || q->exited)
		return q->exited;
	int st;
	pid_t r = waitpid(q->pid, &st, WNOHANG);
	if (r == q->pid) {
		q->exited = true;
		q->status = st;
	}
	return q->exited;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

void vm_qemu_stop(struct vm_qemu *q)
{
	if (q->pid > 0 && !vm_qemu_poll(q)) {
		kill(-q->pid, SIGTERM);
		for (int waited = 0; waited < VM_QEMU_GRACE_MS && !vm_qemu_poll(q); waited += 20)
			sleep_ms(20);
		if (!q->exited) {
			kill(-q->pid, SIGKILL);
			int st;
			while (waitpid(q->pid, &st, 0) < 0 && errno == EINTR)
				;
			q->exited = true;
			q->status = st;
		}
	}
	/* Its group may hold helpers it started: none may outlive the run. */
	if (q->pid > 0)
		kill(-q->pid, SIGKILL);
	if (q->console >= 0)
		close(q->console);
	q->console = -1;
}

void vm_qemu_describe_exit(const struct vm_qemu *q, char *buf, size_t len)
{
	char last[300] = "";
	FILE *f = fopen(q->err_path, "r");
	if (f) {
		char line[300];
		while (fgets(line, sizeof(line), f))
			if (line[0] != '\n')
				snprintf(last, sizeof(last), "%.*s", (int)strcspn(line, "\n"), line);
		fclose(f);
	}
	if (WIFSIGNALED(q->status))
		snprintf(buf, len, "killed by signal %d%s%s", WTERMSIG(q->status), last[0] ? ": " : "", last);
	else
		snprintf(buf, len, "exited with status %d%s%s", WEXITSTATUS(q->status), last[0] ? ": " : "",
			 last);
}
