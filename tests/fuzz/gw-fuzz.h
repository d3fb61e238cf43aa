/* gw-fuzz.h: what every fuzzing harness shares
 *
 * Each fuzz-TARGET.c defines LLVMFuzzerTestOneInput(). Built with clang
 * and -Dfuzzing=true it links libFuzzer; in the normal build it links
 * gw-fuzz-main.c, which replays a corpus directory as a regression test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include <json-glib/json-glib.h>

#include "gw-store.h"

G_BEGIN_DECLS

int  LLVMFuzzerInitialize   (int            *argc,
                             char         ***argv);
int  LLVMFuzzerTestOneInput (const uint8_t  *data,
                             size_t          size);

/* A harness's input as a NUL-terminated string (the input may hold NULs). */
char *gw_fuzz_strndup      (const uint8_t  *data,
                            size_t          size);
/* What a client reads from a JSON answer: the input parsed as JSON and
 * given to @parse; NULL when either refuses it, and then the refusal's
 * message must be valid UTF-8. */
typedef gpointer (*GwFuzzParse) (JsonNode *root, GError **error);
gpointer gw_fuzz_parse_json (const uint8_t  *data,
                             size_t          size,
                             GwFuzzParse     parse);
/* For differential harnesses: @a and @b written out are the same text. */
void     gw_fuzz_assert_same_json (JsonNode *a,
                                   JsonNode *b);
/* A client's cache, one for the whole run. */
GwStore *gw_fuzz_cache     (void);

G_END_DECLS
