/* gw-open311-xml.h: Open311 documents as XML, both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any Open311 document goes (a service definition's values
 * are four levels down); a deeper one is refused, not walked. */
#define GW_OPEN311_XML_MAX_DEPTH 8

GBytes   *gw_open311_xml_write (const char  *root,
                                JsonNode    *node);
JsonNode *gw_open311_xml_read  (GBytes      *bytes,
                                GError     **error);

G_END_DECLS
