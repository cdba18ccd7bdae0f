using System.Buffers.Binary;
using System.Text;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Protocol.Records.Legacy;
using static KafkaNet.Protocol.Tests.Records.Legacy.LegacyFrames;

namespace KafkaNet.Protocol.Tests.Records.Legacy;

public class LegacyMessageSetReaderTests
{
    private const int Limit = 1 << 20;

    [Fact]
    public void Magic0_plain_set_yields_keys_values_and_no_timestamp()
    {
        byte[] set = Concat(Entry(5, 0, 0, 0, Utf8("k1"), Utf8("v1")), Entry(6, 0, 0, 0, null, null));

        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(set, Limit, allowPartialTrailingMessage: false);

        Assert.True(parsed.IsValid);
        Assert.Equal(2, parsed.Messages.Count);
        Assert.Equal(5, parsed.Messages[0].Offset);
        Assert.Equal("k1", Encoding.UTF8.GetString(parsed.Messages[0].Key!.Value.Span));
        Assert.Equal("v1", Encoding.UTF8.GetString(parsed.Messages[0].Value!.Value.Span));
        Assert.Equal(LegacyMessageFormat.NoTimestamp, parsed.Messages[0].Timestamp);
        Assert.Null(parsed.Messages[1].Key);
        Assert.Null(parsed.Messages[1].Value);
        Assert.Equal(set.Length, parsed.BytesRead);
    }

    [Fact]
    public void Magic1_gzip_wrapper_gives_absolute_offsets_and_inner_timestamps()
    {
        byte[] inner = Concat(Entry(0, 1, 0, 1000, Utf8("a"), Utf8("x")), Entry(1, 1, 0, 1001, Utf8("b"), Utf8("y")));
        byte[] set = Entry(41, 1, 1, 1001, null, Gzip(inner));

        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(set, Limit, allowPartialTrailingMessage: false);

        Assert.True(parsed.IsValid);
        Assert.Equal(CompressionCodec.Gzip, parsed.SourceCompression);
        Assert.Equal([40L, 41L], parsed.Messages.Select(m => m.Offset));
        Assert.Equal([1000L, 1001L], parsed.Messages.Select(m => m.Timestamp));
        Assert.Equal("y", Encoding.UTF8.GetString(parsed.Messages[1].Value!.Value.Span));
    }

    [Fact]
    public void Magic1_wrapper_left_at_offset_0_by_its_producer_starts_the_set_at_0()
    {
        // kafka-python writes the wrapper's offset as 0 whatever the inner count; the broker assigns offsets anyway.
        byte[] inner = Concat(Entry(0, 1, 0, 1000, null, Utf8("x")), Entry(1, 1, 0, 1001, null, Utf8("y")), Entry(2, 1, 0, 1002, null, Utf8("z")));
        byte[] set = Entry(0, 1, 1, 1002, null, Gzip(inner));

        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(set, Limit, allowPartialTrailingMessage: false);

        Assert.True(parsed.IsValid, parsed.Error.ToString());
        Assert.Equal([0L, 1L, 2L], parsed.Messages.Select(m => m.Offset));
    }

    [Fact]
    public void Magic1_log_append_time_wrapper_overrides_inner_timestamps()
    {
        byte[] inner = Concat(Entry(0, 1, 0, 1, null, Utf8("x")), Entry(1, 1, 0, 2, null, Utf8("y")));
        byte[] set = Entry(1, 1, 1 | 0x08, 9999, null, Gzip(inner));

        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(set, Limit, allowPartialTrailingMessage: false);

        Assert.True(parsed.IsValid);
        Assert.All(parsed.Messages, m => Assert.Equal(9999, m.Timestamp));
        Assert.All(parsed.Messages, m => Assert.Equal(TimestampType.LogAppendTime, m.TimestampType));
    }

    [Fact]
    public void Magic0_wrapper_keeps_inner_offsets_as_they_are()
    {
        byte[] inner = Concat(Entry(7, 0, 0, 0, null, Utf8("x")), Entry(8, 0, 0, 0, null, Utf8("y")));
        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(Entry(8, 0, 1, 0, null, Gzip(inner)), Limit, false);

        Assert.True(parsed.IsValid);
        Assert.Equal([7L, 8L], parsed.Messages.Select(m => m.Offset));
    }

    [Fact]
    public void Wrong_crc_is_reported_as_corrupt_message()
    {
        byte[] set = Entry(0, 1, 0, 5, null, Utf8("value"));
        set[^1] ^= 0xFF;

        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(set, Limit, false);

        Assert.Equal(LegacyMessageError.CrcMismatch, parsed.Error);
        Assert.Equal(0, parsed.ErrorPosition);
        Assert.Equal(ErrorCode.CorruptMessage, parsed.Error.ToErrorCode());
    }

    [Fact]
    public void Wrapper_with_out_of_order_inner_offsets_is_refused()
    {
        byte[] inner = Concat(Entry(1, 1, 0, 1, null, Utf8("x")), Entry(0, 1, 0, 2, null, Utf8("y")));
        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(Entry(1, 1, 1, 2, null, Gzip(inner)), Limit, false);

        Assert.Equal(LegacyMessageError.InnerOffsetsOutOfOrder, parsed.Error);
    }

    [Fact]
    public void Nested_wrapper_is_refused()
    {
        byte[] innermost = Entry(0, 1, 0, 1, null, Utf8("x"));
        byte[] inner = Entry(0, 1, 1, 1, null, Gzip(innermost));
        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(Entry(0, 1, 1, 1, null, Gzip(inner)), Limit, false);

        Assert.Equal(LegacyMessageError.NestedWrapper, parsed.Error);
    }

    [Fact]
    public void Truncated_last_message_is_an_error_for_produce_and_skipped_for_fetch()
    {
        byte[] first = Entry(0, 1, 0, 1, null, Utf8("whole"));
        byte[] set = Concat(first, Entry(1, 1, 0, 2, null, Utf8("cut off here"))[..20]);

        using LegacyMessageSet produce = LegacyMessageSetReader.Read(set, Limit, allowPartialTrailingMessage: false);
        using LegacyMessageSet fetch = LegacyMessageSetReader.Read(set, Limit, allowPartialTrailingMessage: true);

        Assert.Equal(LegacyMessageError.Truncated, produce.Error);
        Assert.Equal(first.Length, produce.ErrorPosition);
        Assert.True(fetch.IsValid);
        Assert.True(fetch.HasPartialTrailingMessage);
        Assert.Single(fetch.Messages);
        Assert.Equal(first.Length, fetch.BytesRead);
    }

    [Fact]
    public void Huge_size_prefix_is_truncation_without_allocating_it()
    {
        byte[] set = Entry(0, 1, 0, 1, null, Utf8("x"));
        BinaryPrimitives.WriteInt32BigEndian(set.AsSpan(8), int.MaxValue);

        long before = GC.GetAllocatedBytesForCurrentThread();
        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(set, Limit, false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(LegacyMessageError.Truncated, parsed.Error);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Size_prefix_smaller_than_any_message_is_bad_size()
    {
        byte[] set = Entry(0, 0, 0, 0, null, null);
        BinaryPrimitives.WriteInt32BigEndian(set.AsSpan(8), 3);

        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(set, Limit, allowPartialTrailingMessage: true);

        Assert.Equal(LegacyMessageError.BadSize, parsed.Error);
    }

    [Fact]
    public void Magic_2_inside_a_legacy_set_is_bad_magic()
    {
        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(Entry(0, 2, 0, 0, null, Utf8("x")), Limit, false);

        Assert.Equal(LegacyMessageError.BadMagic, parsed.Error);
    }

    [Fact]
    public void Zstd_wrapper_maps_to_unsupported_compression_type()
    {
        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(Entry(0, 1, 4, 0, null, Utf8("zz")), Limit, false);

        Assert.Equal(LegacyMessageError.UnsupportedCompression, parsed.Error);
        Assert.Equal(ErrorCode.UnsupportedCompressionType, parsed.Error.ToErrorCode());
    }

    [Fact]
    public void Wrapper_inflating_past_the_bound_is_undecompressable()
    {
        byte[] inner = Entry(0, 1, 0, 1, null, new byte[100_000]);
        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(Entry(0, 1, 1, 1, null, Gzip(inner)), 10_000, false);

        Assert.Equal(LegacyMessageError.Undecompressable, parsed.Error);
    }
}
