/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The walk over the files given on a command line, for the tools that
 * read or change something of each file and its tree (chxid, lsxid,
 * setattr, showattr, vdu).  It walks with fts(3), which does not follow
 * symbolic links and enters each directory by a checked descriptor, so
 * that a tree changed under the walk (a guest's, while it runs) cannot
 * send it out of the tree; a directory's entries come by name, the same
 * order every run.  Like tool.h, it prints and exits.
 */
#ifndef UTIL_VSERVER_WALK_H
#define UTIL_VSERVER_WALK_H

#include <fts.h>
#include <stdbool.h>
#include <sys/types.h>

struct vu_walk {
	/* Set by the caller. */
	bool recursive;		/* -R: also what is below a directory given */
	bool xdev;		/* -x: below it, not what is on other file systems */
	bool skip_hidden;	/* below it, not the names starting with '.' */
	bool entries;		/* a directory given stands for its entries (ls) */
	bool apply;		/* the walk changes files: stop at a failure */
	/*
	 * Called for each file of the walk (any type: fts_info tells),
	 * but a directory after its entries, one met already (a loop of
	 * bind mounts) and one that cannot be read, which the walk warns
	 * about: 0, or -1 when the file failed, after saying why.
	 * ent->fts_accpath names it relative to the walk's directory.
	 */
	int (*visit)(const struct vu_walk *w, const FTSENT *ent);
	void *data;		/* the caller's, for visit */
	/* Kept by the walk. */
	int status;		/* EXIT_FAILURE once a file failed */
	dev_t dev;		/* the operand's file system, for xdev */
};

/* -x without -R: say so and exit 1 (a usage error). */
void vu_walk_check_options(const struct vu_walk *w);

/*
 * Walk one operand, path.  A file that fails (one the walk cannot read,
 * or one that visit fails) sets status to EXIT_FAILURE; with apply, the
 * walk exits 1 there, so that nothing after it changes.  A failure of
 * fts itself exits 1.  0, or -1 when path cannot be walked at all (an
 * empty name), after a warning.
 */
int vu_walk(struct vu_walk *w, char *path);

/* Walk each of files, in their order: status. */
int vu_walk_all(struct vu_walk *w, char **files);

/*
 * Every file is read before the first change: walk files without apply,
 * visit naming each file that fails, and exit 1 ("nothing changed") if
 * one did; else walk them again with apply set, for the changes.  The
 * status of that walk.
 */
int vu_walk_check_then_apply(struct vu_walk *w, char **files);

#endif /* UTIL_VSERVER_WALK_H */
