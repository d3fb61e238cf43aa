/* gw-limited-input-stream.h: an input stream that refuses to read past a limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GW_TYPE_LIMITED_INPUT_STREAM (gw_limited_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (GwLimitedInputStream, gw_limited_input_stream, GW, LIMITED_INPUT_STREAM, GInputStream)

GInputStream *gw_limited_input_stream_new   (GIOStream            *base,
                                             guint64               limit);
void          gw_limited_input_stream_reset (GwLimitedInputStream *self);

G_END_DECLS
