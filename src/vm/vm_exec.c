// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_exec.c - bounded helper commands (vm_exec.h). */
#include "vm/vm_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int vm_exec_capture(char *const argv[], char *out, size_t outlen, double timeout_s)
{
	int p[2];
	out[0] = '\0';
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(out, outlen, "pipe: %s", strerror(errno));
		return -1;
	}
	/* The child says why exec failed through this pipe. */
	int e[2];
	if (pipe2(e, O_CLOEXEC) < 0) {
		snprintf(out, outlen, "pipe: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(out, outlen, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		close(e[0]);
		close(e[1]);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execv(argv[0], argv);
		int err = errno;
		if (write(e[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	setpgid(pid, pid);
	close(p[1]);
	close(e[1]);
	size_t n = 0;
	double end = mono() + timeout_s;
	int killed = 0;
	for (;;) {
		double left = end - mono();
		if (left <= 0) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		int r = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		char buf[4096];
		ssize_t got = read(p[0], buf, sizeof(buf));
		if (got <= 0)
			break;
		size_t take = (size_t)got;
		if (n + take > outlen - 1)
			take = outlen - 1 - n;
		memcpy(out + n, buf, take);
		n += take;
		out[n] = '\0';
	}
	close(p[0]);
	int err = 0;
	ssize_t eg = read(e[0], &err, sizeof(err));
	close(e[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	/* Anything it left in its group goes too. */
	kill(-pid, SIGKILL);
	if (eg == (ssize_t)sizeof(err)) {
		snprintf(out, outlen, "%s", strerror(err));
		return -1;
	}
	if (killed)
		return -2;
	if (WIFSIGNALED(st))
		return 256 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
