/* gw-townd-templates.h: gridwatch-townd --write-templates DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* KIND.xlsx and KIND.csv for every kind --import takes from a
 * spreadsheet; the exit status. */
int gw_townd_write_templates (const char *dir);

G_END_DECLS
