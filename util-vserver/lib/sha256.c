// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SHA-256 (FIPS 180-4); see sha256.h.  The block function exists twice:
 * in portable C, and with the x86 SHA extensions (sha256rnds2 does two
 * rounds, sha256msg1/msg2 the message schedule), chosen once by cpuid.
 */
#include "config.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define SHA256_X86 1
#endif

#include "sha256.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* nblocks 64-byte blocks of data into state, in portable C. */
static void blocks_c(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	for (; nblocks > 0; nblocks--, data += 64) {
		for (i = 0; i < 16; i++)
			w[i] = (uint32_t)data[4 * i] << 24 |
			       (uint32_t)data[4 * i + 1] << 16 |
			       (uint32_t)data[4 * i + 2] << 8 |
			       (uint32_t)data[4 * i + 3];
		for (i = 16; i < 64; i++) {
			uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
				      (w[i - 15] >> 3);
			uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^
				      (w[i - 2] >> 10);

			w[i] = w[i - 16] + s0 + w[i - 7] + s1;
		}
		a = state[0]; b = state[1]; c = state[2]; d = state[3];
		e = state[4]; f = state[5]; g = state[6]; h = state[7];
		for (i = 0; i < 64; i++) {
			t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
			     ((e & f) ^ (~e & g)) + K[i] + w[i];
			t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
			     ((a & b) ^ (a & c) ^ (b & c));
			h = g; g = f; f = e; e = d + t1;
			d = c; c = b; b = a; a = t1 + t2;
		}
		state[0] += a; state[1] += b; state[2] += c; state[3] += d;
		state[4] += e; state[5] += f; state[6] += g; state[7] += h;
	}
}

#ifdef SHA256_X86
/*
 * The same with the SHA extensions.  The state is kept as ABEF and CDGH,
 * the layout sha256rnds2 works on; each group of four rounds adds four
 * words of the schedule, each computed from the four groups before it.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_x86(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
					     0x0405060700010203ULL);
	__m128i st0, st1, tmp, msg, m[4], abef, cdgh;
	int g;

	tmp = _mm_loadu_si128((const __m128i *)&state[0]);
	st1 = _mm_loadu_si128((const __m128i *)&state[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xB1);		/* CDAB */
	st1 = _mm_shuffle_epi32(st1, 0x1B);		/* EFGH */
	st0 = _mm_alignr_epi8(tmp, st1, 8);		/* ABEF */
	st1 = _mm_blend_epi16(st1, tmp, 0xF0);		/* CDGH */

	for (; nblocks > 0; nblocks--, data += 64) {
		abef = st0;
		cdgh = st1;
		for (g = 0; g < 16; g++) {
			__m128i *x = &m[g & 3];

			if (g < 4) {
				*x = _mm_shuffle_epi8(_mm_loadu_si128(
					(const __m128i *)(data + 16 * g)), bswap);
			} else {
				/* W[t-16] + s0(W[t-15]) + W[t-7] + s1(W[t-2]) */
				*x = _mm_sha256msg1_epu32(*x, m[(g + 1) & 3]);
				*x = _mm_add_epi32(*x, _mm_alignr_epi8(
					m[(g + 3) & 3], m[(g + 2) & 3], 4));
				*x = _mm_sha256msg2_epu32(*x, m[(g + 3) & 3]);
			}
			msg = _mm_add_epi32(*x, _mm_loadu_si128(
					(const __m128i *)&K[4 * g]));
			st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
			msg = _mm_shuffle_epi32(msg, 0x0E);
			st0 = _mm_sha256rnds2_epu32(st0, st1, msg);
		}
		st0 = _mm_add_epi32(st0, abef);
		st1 = _mm_add_epi32(st1, cdgh);
	}

	tmp = _mm_shuffle_epi32(st0, 0x1B);		/* FEBA */
	st1 = _mm_shuffle_epi32(st1, 0xB1);		/* DCHG */
	st0 = _mm_blend_epi16(tmp, st1, 0xF0);		/* DCBA */
	st1 = _mm_alignr_epi8(st1, tmp, 8);		/* HGFE */
	_mm_storeu_si128((__m128i *)&state[0], st0);
	_mm_storeu_si128((__m128i *)&state[4], st1);
}

/* SHA, SSSE3 and SSE4.1, as cpuid reports them. */
static int have_sha_ni(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) ||
	    !(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b & bit_SHA) != 0;
}
#endif

#ifdef SHA256_X86
static int use_x86 = -1;	/* not known yet */
#endif

void sha256_use_portable(void)
{
#ifdef SHA256_X86
	use_x86 = 0;
#endif
}

static void blocks(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
#ifdef SHA256_X86
	if (use_x86 < 0)
		use_x86 = have_sha_ni();
	if (use_x86) {
		blocks_x86(state, data, nblocks);
		return;
	}
#endif
	blocks_c(state, data, nblocks);
}

void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->state, iv, sizeof(iv));
	s->length = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t have = s->length % 64;

	s->length += len;
	if (have) {
		size_t take = 64 - have < len ? 64 - have : len;

		memcpy(s->block + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		blocks(s->state, s->block, 1);
	}
	if (len >= 64) {
		blocks(s->state, p, len / 64);
		p += len & ~(size_t)63;
		len %= 64;
	}
	memcpy(s->block, p, len);
}

void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE])
{
	uint64_t bits = s->length * 8;
	size_t have = s->length % 64;
	int i;

	s->block[have++] = 0x80;
	if (have > 56) {
		memset(s->block + have, 0, 64 - have);
		blocks(s->state, s->block, 1);
		have = 0;
	}
	memset(s->block + have, 0, 56 - have);
	for (i = 0; i < 8; i++)
		s->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	blocks(s->state, s->block, 1);
	for (i = 0; i < 8; i++) {
		digest[4 * i] = (uint8_t)(s->state[i] >> 24);
		digest[4 * i + 1] = (uint8_t)(s->state[i] >> 16);
		digest[4 * i + 2] = (uint8_t)(s->state[i] >> 8);
		digest[4 * i + 3] = (uint8_t)s->state[i];
	}
}

void sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE],
		char hex[SHA256_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[2 * SHA256_DIGEST_SIZE] = '\0';
}
