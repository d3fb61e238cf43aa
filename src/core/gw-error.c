/* gw-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-error.h"

G_DEFINE_QUARK (gw-error-quark, gw_error)
