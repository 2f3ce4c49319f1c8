/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SHA-256 (FIPS 180-4), for the unifiers' content-hash store: the x86 SHA
 * extensions when the processor has them, else portable C.
 */
#ifndef UTIL_VSERVER_SHA256_H
#define UTIL_VSERVER_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE	32
#define SHA256_HEX_SIZE		(2 * SHA256_DIGEST_SIZE + 1)

struct sha256 {
	uint32_t state[8];
	uint64_t length;	/* bytes hashed so far */
	uint8_t block[64];	/* a partial block, length % 64 bytes */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE]);

/* Use the portable code even where the SHA extensions exist (tests). */
void sha256_use_portable(void);

/* The digest as lower-case hex, NUL-terminated. */
void sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE],
		char hex[SHA256_HEX_SIZE]);

#endif /* UTIL_VSERVER_SHA256_H */
