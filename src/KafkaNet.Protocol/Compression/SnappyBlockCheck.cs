using System.Buffers.Binary;

namespace KafkaNet.Protocol.Compression;

/// <summary>
/// Walks a raw snappy block's elements without writing anything: every literal and copy must lie
/// inside the input and inside the announced output, and the elements must fill that output
/// exactly. Snappier decodes some blocks the reference decoder (and so librdkafka) rejects; a
/// batch stored from such a block would make its partition unreadable to those clients.
/// </summary>
internal static class SnappyBlockCheck
{
    public static bool IsWellFormed(ReadOnlySpan<byte> block, int announced)
    {
        int pos = VarintLength(block);
        long written = 0;
        while (pos < block.Length)
        {
            byte tag = block[pos++];
            long length;
            switch (tag & 3)
            {
                case 0: // literal: length - 1 in the tag, or in 1-4 little-endian bytes after it
                {
                    int inTag = tag >> 2;
                    if (inTag < 60)
                    {
                        length = inTag + 1L;
                    }
                    else
                    {
                        int bytes = inTag - 59;
                        if (bytes > block.Length - pos)
                        {
                            return false;
                        }
                        length = 0;
                        for (int i = bytes - 1; i >= 0; i--)
                        {
                            length = (length << 8) | block[pos + i];
                        }
                        length++;
                        pos += bytes;
                    }
                    if (length > block.Length - pos)
                    {
                        return false;
                    }
                    pos += (int)length;
                    written += length;
                    if (written > announced)
                    {
                        return false;
                    }
                    continue;
                }
                case 1: // copy with a 1-byte offset: 4-11 bytes
                {
                    if (pos >= block.Length)
                    {
                        return false;
                    }
                    length = ((tag >> 2) & 7) + 4;
                    long offset = ((tag >> 5) << 8) | block[pos++];
                    if (!CopyFits(offset, length, written, announced))
                    {
                        return false;
                    }
                    break;
                }
                case 2: // copy with a 2-byte offset
                {
                    if (block.Length - pos < 2)
                    {
                        return false;
                    }
                    length = (tag >> 2) + 1;
                    long offset = BinaryPrimitives.ReadUInt16LittleEndian(block[pos..]);
                    pos += 2;
                    if (!CopyFits(offset, length, written, announced))
                    {
                        return false;
                    }
                    break;
                }
                default: // copy with a 4-byte offset
                {
                    if (block.Length - pos < 4)
                    {
                        return false;
                    }
                    length = (tag >> 2) + 1;
                    long offset = BinaryPrimitives.ReadUInt32LittleEndian(block[pos..]);
                    pos += 4;
                    if (!CopyFits(offset, length, written, announced))
                    {
                        return false;
                    }
                    break;
                }
            }
            written += length;
        }
        return pos == block.Length && written == announced;
    }

    private static bool CopyFits(long offset, long length, long written, int announced) =>
        offset >= 1 && offset <= written && written + length <= announced;

    /// <summary>Bytes taken by the block's leading varint (the announced length), already checked by the caller's decoder.</summary>
    private static int VarintLength(ReadOnlySpan<byte> block)
    {
        int i = 0;
        while (i < block.Length && i < 5 && (block[i] & 0x80) != 0)
        {
            i++;
        }
        return Math.Min(i + 1, block.Length);
    }
}
