// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test helper: print the SHA-256 of each file as sha256sum(1) does, with
 * the code the unifiers use (-p: its portable C, not the SHA extensions),
 * fed in pieces of awkward sizes so that every path of sha256_update runs.
 */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

int main(int argc, char **argv)
{
	static const size_t pieces[] = { 1, 63, 64, 65, 7, 128, 4096, 100000 };
	static unsigned char buf[100000];
	uint8_t digest[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		sha256_use_portable();
		i++;
	}
	for (; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		struct sha256 s;
		size_t n, k = 0;

		if (f == NULL)
			err(EXIT_FAILURE, "cannot open %s", argv[i]);
		sha256_init(&s);
		while ((n = fread(buf, 1, pieces[k++ % 8], f)) > 0)
			sha256_update(&s, buf, n);
		if (ferror(f))
			err(EXIT_FAILURE, "cannot read %s", argv[i]);
		fclose(f);
		sha256_final(&s, digest);
		sha256_hex(digest, hex);
		printf("%s  %s\n", hex, argv[i]);
	}
	return 0;
}
