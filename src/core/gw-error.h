/* gw-error.h: the error domain of the core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_ERROR (gw_error_quark ())

typedef enum
{
  GW_ERROR_INVALID_DATA,
  GW_ERROR_NOT_GEOJSON,
  GW_ERROR_UNSUPPORTED,
  GW_ERROR_SCHEMA_TOO_NEW,
  GW_ERROR_NOT_FOUND,
  GW_ERROR_STORAGE,
  GW_ERROR_SERVER,
  GW_ERROR_CONFLICT,        /* someone else changed it first */
  GW_ERROR_STORAGE_FULL,    /* the disk (or the database's size limit) is full */
  GW_ERROR_CERTIFICATE,     /* the server's TLS certificate was refused */
  GW_ERROR_PLAIN_HTTP,      /* a token would cross the network in clear */
  GW_ERROR_UNAUTHORIZED,    /* the server refused the token: revoked, expired or unknown */
} GwError;

GQuark gw_error_quark (void);

G_END_DECLS
