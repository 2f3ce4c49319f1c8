// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Guest names: the util-vserver configuration directory holds one
 * directory per guest, whose file "context" holds the guest's context id.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libvserver.h"

#ifndef VC_CONFDIR
#define VC_CONFDIR "/etc/vservers"
#endif

const char *vc_confdir(void)
{
	const char *dir = getenv("VSERVER_CONFDIR");

	return dir && *dir ? dir : VC_CONFDIR;
}

/* A directory name, not a path: no "/", no ".", "..", ".defaults". */
static int valid_name(const char *name)
{
	return name[0] != '\0' && name[0] != '.' && strchr(name, '/') == NULL;
}

/* The id in dir/name/context: digits, then optional blanks or newline. */
static int read_context(int dirfd, const char *name, vc_xid_t *xid)
{
	char path[4096], buf[32];
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/context", name) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, " \t\n")] = '\0';
	return vc_parse_xid(buf, VX_ID_MIN, xid);
}

int vc_guest_xid(const char *name, vc_xid_t *xid)
{
	int dirfd, ret, saved;

	if (!valid_name(name)) {
		errno = EINVAL;
		return -1;
	}
	dirfd = open(vc_confdir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -1;
	ret = read_context(dirfd, name, xid);
	saved = errno;
	close(dirfd);
	errno = saved;
	return ret;
}

static int add_guest(struct vc_guests *g, vc_xid_t xid, const char *name)
{
	struct vc_guest *list;
	char *copy = strdup(name);

	if (copy == NULL)
		return -1;
	list = realloc(g->list, (g->count + 1) * sizeof(*list));
	if (list == NULL) {
		free(copy);
		return -1;
	}
	g->list = list;
	g->list[g->count].xid = xid;
	g->list[g->count].name = copy;
	g->count++;
	return 0;
}

int vc_guests_load(struct vc_guests *g)
{
	struct dirent *d;
	vc_xid_t xid;
	DIR *dir;

	g->list = NULL;
	g->count = 0;
	dir = opendir(vc_confdir());
	if (dir == NULL)
		return errno == ENOENT ? 0 : -1;
	/* Entries without a valid context file are not guests we can name. */
	while ((errno = 0, d = readdir(dir)) != NULL) {
		if (!valid_name(d->d_name) ||
		    read_context(dirfd(dir), d->d_name, &xid) < 0)
			continue;
		if (add_guest(g, xid, d->d_name) < 0)
			break;
	}
	if (errno != 0) {
		int saved = errno;

		closedir(dir);
		vc_guests_free(g);
		errno = saved;
		return -1;
	}
	closedir(dir);
	return 0;
}

void vc_guests_free(struct vc_guests *g)
{
	size_t i;

	for (i = 0; i < g->count; i++)
		free(g->list[i].name);
	free(g->list);
	g->list = NULL;
	g->count = 0;
}

const char *vc_guests_name(const struct vc_guests *g, vc_xid_t xid)
{
	const char *found = NULL;
	size_t i;

	if (xid == VX_ID_HOST)
		return "host";
	if (xid == VX_ID_SPECTATOR)
		return "spectator";
	/* Two guests configured with one id: the first in name order. */
	for (i = 0; i < g->count; i++)
		if (g->list[i].xid == xid &&
		    (found == NULL || strcmp(g->list[i].name, found) < 0))
			found = g->list[i].name;
	return found;
}
