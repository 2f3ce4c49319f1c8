/* SPDX-License-Identifier: GPL-2.0 */
/*
 * endpoint.h: what lat.c and netbench.c share: an address to listen on
 * and connect to, read from the command line, the listening socket on
 * it, and the clock they time with.  Both are built static, each from
 * its one .c file.  Nothing here prints or exits: each program words its
 * own errors.
 */
#ifndef BENCH_ENDPOINT_H
#define BENCH_ENDPOINT_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* An address to listen on, and once listening, the one to connect to. */
struct endpoint {
	struct sockaddr_storage addr;
	socklen_t len;
	int family;
};

/* parse_address: ADDRESS as IPv4 or IPv6, port 0; -1 if it is neither. */
static inline int parse_address(const char *address, struct endpoint *ep)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&ep->addr;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ep->addr;

	memset(ep, 0, sizeof(*ep));
	if (inet_pton(AF_INET, address, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		ep->len = sizeof(*sin);
	} else if (inet_pton(AF_INET6, address, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		ep->len = sizeof(*sin6);
	} else {
		return -1;
	}
	ep->family = ep->addr.ss_family;
	return 0;
}

/*
 * listen_on: a listening socket on the address of EP and a port the
 * kernel picks, with BACKLOG; EP then holds the address to connect to.
 * Only the port is read back (getsockname): in a network context it may
 * show 127.0.0.1 for the context's own loopback address (hide_lback), and
 * the address asked for is what the client must use anyway.  Returns the
 * socket, or -1 with errno set and *FAILED saying what could not be done,
 * to be followed by the address: "bind to", "listen on", ...
 */
static inline int listen_on(struct endpoint *ep, int backlog, const char **failed)
{
	struct sockaddr_storage bound;
	socklen_t len = sizeof(bound);
	int fd, saved;

	fd = socket(ep->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*failed = "create a socket for";
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&ep->addr, ep->len) < 0)
		*failed = "bind to";
	else if (listen(fd, backlog) < 0)
		*failed = "listen on";
	else if (getsockname(fd, (struct sockaddr *)&bound, &len) < 0)
		*failed = "read the port bound on";
	else
		*failed = NULL;
	if (*failed) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (ep->family == AF_INET)
		((struct sockaddr_in *)&ep->addr)->sin_port =
			((struct sockaddr_in *)&bound)->sin_port;
	else
		((struct sockaddr_in6 *)&ep->addr)->sin6_port =
			((struct sockaddr_in6 *)&bound)->sin6_port;
	return fd;
}

/* now: seconds on the monotonic clock. */
static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
