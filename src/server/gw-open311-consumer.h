/* gw-open311-consumer.h: pulling another system's Open311 requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-town-server.h"

G_BEGIN_DECLS

#define GW_TYPE_OPEN311_CONSUMER (gw_open311_consumer_get_type ())

G_DECLARE_FINAL_TYPE (GwOpen311Consumer, gw_open311_consumer, GW, OPEN311_CONSUMER, GObject)

typedef struct
{
  const char *url;            /* the endpoint, e.g. https://city.example/open311/v2 */
  const char *jurisdiction;   /* NULL: none sent */
  const char *api_key;        /* NULL: none sent */
  GHashTable *service_map;    /* service_code → category code; may be NULL */
  double every_minutes;       /* 0: 10 */
} GwOpen311SourceOptions;

GwOpen311Consumer *gw_open311_consumer_new      (GwTownServer                 *server,
                                                 const GwOpen311SourceOptions *options,
                                                 GError                      **error);
void               gw_open311_consumer_start    (GwOpen311Consumer            *self);
GHashTable        *gw_open311_read_service_map  (const char                   *path,
                                                 GError                      **error);

G_END_DECLS
