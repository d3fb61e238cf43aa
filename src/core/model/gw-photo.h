/* gw-photo.h: what a case photo is: an image by its first bytes, and
 * the town server's photo URL with the SHA-256 that names it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_MEDIA_PATH "/api/v1/media/"
#define GW_MEDIA_MAX_BYTES (8 * 1024 * 1024)

const char *gw_media_sniff        (GBytes     *data);
const char *gw_media_id_from_url  (const char *url);

G_END_DECLS
