/* gw-limited-input-stream.c: an input stream that refuses to read past a limit
 *
 * libsoup 3.2 bounds each WebSocket frame but not a message made of many
 * frames: 2,300 fragments of 64 KiB are buffered into one 150 MB message
 * (bounded upstream only in 3.7). The live socket reads through this
 * stream, which counts the bytes since the last reset — the server resets
 * it at every whole message and pong — and fails the read once they pass
 * the limit, so the WebSocket closes before the message grows.
 *
 * Reads go straight to the connection's own stream; closing this one
 * closes the whole connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-limited-input-stream.h"

struct _GwLimitedInputStream
{
  GInputStream parent_instance;
  GIOStream *base_io;
  GInputStream *base;
  guint64 count;
  guint64 limit;
};

static void pollable_iface_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwLimitedInputStream, gw_limited_input_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM, pollable_iface_init))

static gssize
account (GwLimitedInputStream  *self,
         gssize                 n,
         GError               **error)
{
  if (n > 0 && (self->count += n) > self->limit)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "A message may be at most %" G_GUINT64_FORMAT " bytes", self->limit);
      return -1;
    }
  return n;
}

static gssize
limited_read (GInputStream  *stream,
              void          *buffer,
              gsize          count,
              GCancellable  *cancellable,
              GError       **error)
{
  GwLimitedInputStream *self = GW_LIMITED_INPUT_STREAM (stream);

  return account (self, g_input_stream_read (self->base, buffer, count, cancellable, error), error);
}

static gboolean
limited_close (GInputStream  *stream,
               GCancellable  *cancellable,
               GError       **error)
{
  return g_io_stream_close (GW_LIMITED_INPUT_STREAM (stream)->base_io, cancellable, error);
}

static gssize
limited_read_nonblocking (GPollableInputStream  *stream,
                          void                  *buffer,
                          gsize                  count,
                          GError               **error)
{
  GwLimitedInputStream *self = GW_LIMITED_INPUT_STREAM (stream);
  gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base), buffer, count,
                                                       NULL, error);

  return account (self, n, error);
}

static gboolean
limited_is_readable (GPollableInputStream *stream)
{
  return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (GW_LIMITED_INPUT_STREAM (stream)->base));
}

static GSource *
limited_create_source (GPollableInputStream *stream,
                       GCancellable         *cancellable)
{
  GwLimitedInputStream *self = GW_LIMITED_INPUT_STREAM (stream);
  g_autoptr(GSource) base = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), NULL);

  return g_pollable_source_new_full (stream, base, cancellable);
}

static void
gw_limited_input_stream_finalize (GObject *object)
{
  GwLimitedInputStream *self = GW_LIMITED_INPUT_STREAM (object);

  g_clear_object (&self->base_io);
  G_OBJECT_CLASS (gw_limited_input_stream_parent_class)->finalize (object);
}

static void
gw_limited_input_stream_class_init (GwLimitedInputStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_limited_input_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = limited_read;
  G_INPUT_STREAM_CLASS (klass)->close_fn = limited_close;
}

static void
pollable_iface_init (GPollableInputStreamInterface *iface)
{
  iface->is_readable = limited_is_readable;
  iface->create_source = limited_create_source;
  iface->read_nonblocking = limited_read_nonblocking;
}

static void
gw_limited_input_stream_init (GwLimitedInputStream *self)
{
}

/* Reads @base's input; takes a reference to @base. */
GInputStream *
gw_limited_input_stream_new (GIOStream *base,
                             guint64    limit)
{
  GwLimitedInputStream *self = g_object_new (GW_TYPE_LIMITED_INPUT_STREAM, NULL);

  self->base_io = g_object_ref (base);
  self->base = g_io_stream_get_input_stream (base);
  self->limit = limit;
  return G_INPUT_STREAM (self);
}

void
gw_limited_input_stream_reset (GwLimitedInputStream *self)
{
  g_return_if_fail (GW_IS_LIMITED_INPUT_STREAM (self));
  self->count = 0;
}
