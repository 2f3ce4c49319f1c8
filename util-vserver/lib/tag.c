// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * File tags: the context a file belongs to is its project id, kept by the
 * file system (ext4, xfs, f2fs) and read and set with FS_IOC_FSGETXATTR
 * and FS_IOC_FSSETXATTR; and the unified attributes, read from the
 * extended attribute the kernel keeps them in.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/xattr.h>

#include <linux/fs.h>

#include "libvserver.h"

int vc_fget_tag(int fd, struct vc_tag *tag)
{
	struct fsxattr fsx;

	memset(&fsx, 0, sizeof(fsx));
	if (ioctl(fd, FS_IOC_FSGETXATTR, &fsx) < 0)
		return -1;
	tag->xid = fsx.fsx_projid;
	tag->inherit = (fsx.fsx_xflags & FS_XFLAG_PROJINHERIT) != 0;
	return 0;
}

int vc_fset_tag(int fd, const struct vc_tag *tag)
{
	struct fsxattr fsx;

	/* Every other attribute of the inode is written back as it was. */
	memset(&fsx, 0, sizeof(fsx));
	if (ioctl(fd, FS_IOC_FSGETXATTR, &fsx) < 0)
		return -1;
	fsx.fsx_projid = tag->xid;
	if (tag->inherit)
		fsx.fsx_xflags |= FS_XFLAG_PROJINHERIT;
	else
		fsx.fsx_xflags &= ~FS_XFLAG_PROJINHERIT;
	return ioctl(fd, FS_IOC_FSSETXATTR, &fsx) < 0 ? -1 : 0;
}

int vc_tag_unsupported(int err)
{
	/*
	 * ENOTTY: no fileattr operations at all (vfat, proc); EOPNOTSUPP:
	 * attributes but no project ids (tmpfs, btrfs, ext4 without the
	 * project feature); EINVAL: a project id the file system refuses.
	 */
	return err == ENOTTY || err == EOPNOTSUPP || err == EINVAL;
}

int vc_fget_iattr_xattr(int fd, uint32_t *flags)
{
	unsigned char raw[4];
	ssize_t len;

	len = fgetxattr(fd, VSERVER_XATTR, raw, sizeof(raw));
	if (len < 0) {
		if (errno == ERANGE)
			errno = EINVAL;	/* longer than any value it can have */
		if (errno != ENODATA && errno != EOPNOTSUPP)
			return -1;
		/* No attribute, or no security.* ones here: none set. */
		*flags = 0;
		return 0;
	}
	if (len != sizeof(raw)) {
		errno = EINVAL;
		return -1;
	}
	/* 32 bits, little-endian, on every architecture. */
	*flags = (uint32_t)raw[0] | (uint32_t)raw[1] << 8 |
		 (uint32_t)raw[2] << 16 | (uint32_t)raw[3] << 24;
	return 0;
}
