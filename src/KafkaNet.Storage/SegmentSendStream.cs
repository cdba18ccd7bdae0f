using Microsoft.Win32.SafeHandles;

namespace KafkaNet.Storage;

/// <summary>
/// A stream over a segment's log file handle for <c>SendPacketsElement</c>, which sends a file range with sendfile
/// at an explicit offset. It does not own the handle. <see cref="SafeFileHandle"/> returns the segment's handle
/// without the seek that FileStream does to sync its position, and nothing may use the stream's position.
/// </summary>
internal sealed class SegmentSendStream : FileStream
{
    private readonly SafeFileHandle _handle;

    public SegmentSendStream(SafeFileHandle handle)
        : base(new SafeFileHandle(handle.DangerousGetHandle(), ownsHandle: false), FileAccess.Read, bufferSize: 0)
    {
        _handle = handle;
    }

    /// <summary>The segment's own handle, without seeking.</summary>
    public override SafeFileHandle SafeFileHandle => _handle;

    /// <summary>
    /// True so SendPacketsElement accepts the stream. Sends never go through the stream's own I/O: the socket layer
    /// reads the file by handle and offset.
    /// </summary>
    public override bool IsAsync => true;
}
