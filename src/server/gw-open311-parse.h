/* gw-open311-parse.h: another system's Open311 answers, read tolerantly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One service request as another system sent it, cleaned: texts valid
 * UTF-8 with line feeds only and within our limits, times RFC 3339. */
typedef struct
{
  char *id;
  gboolean closed;
  char *status_notes;
  char *service_code;
  char *service_name;
  char *description;
  char *address;
  char *media_url;
  char *requested;          /* NULL when missing or unreadable */
  char *updated;
  gboolean located;         /* FALSE: none given, empty, null or 0,0 */
  double lat;
  double lon;
} GwOpen311Request;

void       gw_open311_request_free   (GwOpen311Request *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwOpen311Request, gw_open311_request_free)

/* A document of requests, JSON or XML, whichever it is. A document that
 * is no list of requests (an HTML page, the spec's error list) is an
 * error; a request that cannot be read is left out with its reason
 * added to @skipped (of char *). */
GPtrArray *gw_open311_parse_requests (GBytes      *bytes,
                                      GPtrArray   *skipped,
                                      GError     **error);
/* A services document: service_code → service_name. */
GHashTable *gw_open311_parse_services (GBytes     *bytes,
                                       GError    **error);

G_END_DECLS
