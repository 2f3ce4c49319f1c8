/* SPDX-License-Identifier: GPL-2.0 */
/*
 * endpoint.h: what lat.c and netbench.c share: an address to listen on
 * and connect to, read from the command line, and the clock they time
 * with.  Both are built static, each from its one .c file.
 */
#ifndef BENCH_ENDPOINT_H
#define BENCH_ENDPOINT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

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

/* now: seconds on the monotonic clock. */
static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
