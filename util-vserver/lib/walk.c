// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The walk over the files given on a command line; see walk.h.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <string.h>

#include "tool.h"
#include "walk.h"

void vu_walk_check_options(const struct vu_walk *w)
{
	if (w->xdev && !w->recursive) {
		warnx("-x applies to -R only");
		vu_try_help();
	}
}

/*
 * A file failed: a checking walk goes on, to name every file that fails;
 * a changing walk stops, so that nothing after it changes.
 */
static void failed(struct vu_walk *w)
{
	w->status = EXIT_FAILURE;
	if (w->apply)
		exit(EXIT_FAILURE);
}

/* fts visits a directory's entries by name: the same order every run. */
static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

int vu_walk(struct vu_walk *w, char *path)
{
	char *paths[] = { path, NULL };
	FTSENT *ent;
	FTS *fts;

	/* One fts per operand: it would sort the operands too. */
	fts = fts_open(paths, FTS_PHYSICAL, by_name);
	if (fts == NULL) {
		warn("cannot access %s", path);
		failed(w);
		return -1;
	}
	/* fts_read returns NULL at the end, and on an error with errno set. */
	while (errno = 0, (ent = fts_read(fts)) != NULL) {
		bool top = ent->fts_level == FTS_ROOTLEVEL;

		switch (ent->fts_info) {
		case FTS_DP:	/* a directory, after its entries */
		case FTS_DC:	/* a loop of bind mounts: seen already */
			continue;
		case FTS_NS:
		case FTS_ERR:
			errno = ent->fts_errno;
			warn("cannot access %s", ent->fts_path);
			failed(w);
			continue;
		case FTS_DNR:	/* after its FTS_D visit */
			errno = ent->fts_errno;
			warn("cannot read directory %s", ent->fts_path);
			failed(w);
			continue;
		default:
			break;
		}
		if (top) {
			w->dev = ent->fts_statp->st_dev;
		} else if (w->xdev && ent->fts_statp->st_dev != w->dev) {
			fts_set(fts, ent, FTS_SKIP);
			continue;
		}
		if (!top && w->skip_hidden && ent->fts_name[0] == '.') {
			fts_set(fts, ent, FTS_SKIP);
			continue;
		}
		/*
		 * Below a directory given only with -R, but a directory that
		 * stands for its entries shows them; itself it does not show.
		 */
		if (ent->fts_info == FTS_D &&
		    !(w->recursive || (top && w->entries)))
			fts_set(fts, ent, FTS_SKIP);
		if (top && ent->fts_info == FTS_D && w->entries)
			continue;
		if (w->visit(w, ent) < 0)
			failed(w);
	}
	if (errno != 0)
		err(EXIT_FAILURE, "cannot walk %s", path);
	fts_close(fts);
	return 0;
}

int vu_walk_all(struct vu_walk *w, char **files)
{
	char **f;

	for (f = files; *f; f++)
		vu_walk(w, *f);
	return w->status;
}

int vu_walk_check_then_apply(struct vu_walk *w, char **files)
{
	w->apply = false;
	w->status = EXIT_SUCCESS;
	if (vu_walk_all(w, files) != EXIT_SUCCESS)
		errx(EXIT_FAILURE, "nothing changed");
	w->apply = true;
	return vu_walk_all(w, files);
}
