/* gw-test-pull.h: a case pull run and waited for, and a fake town's address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-case-pull.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean done;
  GwCasePullResult *result;
  GError *error;
} GwTestPull;

void      gw_test_pull_start   (GwTestPull   *w,
                                GwTownClient *client,
                                GwStore      *cache,
                                guint         page_size);
gboolean  gw_test_pull_is_done (gpointer      w);
void      gw_test_pull         (GwTestPull   *w,
                                GwTownClient *client,
                                GwStore      *cache,
                                guint         page_size,
                                guint         timeout_ms);
void      gw_test_pull_clear   (GwTestPull   *w);
char     *gw_test_serve_local  (SoupServer   *server);

G_END_DECLS
