/* gw-store-callers.h: the numbers residents left to be called back on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

gboolean gw_store_put_caller_phone (GwStore     *self,
                                    const char  *case_id,
                                    const char  *phone,
                                    GError     **error);
char    *gw_store_get_caller_phone (GwStore     *self,
                                    const char  *case_id);

G_END_DECLS
