using System.Buffers.Binary;
using System.Text;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// Builds connection input of one to three request frames: a size prefix, a request header (v1 or
/// v2, the right one or the wrong one for the version, client ids null, empty, long or not UTF-8,
/// header tagged fields) and a body that is valid, captured or random. It remembers where each
/// frame's size, client id length and tag section are, so they can be damaged on purpose.
/// </summary>
internal sealed class FrameGenerator(Random random)
{
    private static readonly byte[][] OddClientIds = [[0xC3, 0x28], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0x00], [0xF0, 0x9F, 0x98]];

    private readonly List<byte> _bytes = [];
    private readonly List<int> _sizeOffsets = [];
    private readonly List<int> _clientIdOffsets = [];
    private readonly List<int> _tagOffsets = [];

    public byte[] Build(List<string> steps)
    {
        _bytes.Clear();
        _sizeOffsets.Clear();
        _clientIdOffsets.Clear();
        _tagOffsets.Clear();
        int frames = 1 + random.Next(3);
        for (int i = 0; i < frames; i++)
        {
            AddFrame(steps);
        }
        return [.. _bytes];
    }

    /// <summary>Writes an edge value over a size prefix, a client id length or a header tag count.</summary>
    public void DamageField(byte[] stream, List<string> steps)
    {
        int choice = random.Next(3);
        if (choice == 0 || (choice == 1 && _clientIdOffsets.Count == 0) || (choice == 2 && _tagOffsets.Count == 0))
        {
            int at = _sizeOffsets[random.Next(_sizeOffsets.Count)];
            int actual = BinaryPrimitives.ReadInt32BigEndian(stream.AsSpan(at));
            int value = random.Next(3) switch
            {
                0 => InterestingValues.Int32[random.Next(InterestingValues.Int32.Length)],
                1 => actual + random.Next(-3, 4),
                _ => random.Next(2) == 0 ? FrameDecodePath.MaxFrameBytes : FrameDecodePath.MaxFrameBytes + 1,
            };
            BinaryPrimitives.WriteInt32BigEndian(stream.AsSpan(at), value);
            steps.Add($"size@{at}={value}");
        }
        else if (choice == 1)
        {
            int at = _clientIdOffsets[random.Next(_clientIdOffsets.Count)];
            short value = InterestingValues.Int16[random.Next(InterestingValues.Int16.Length)];
            BinaryPrimitives.WriteInt16BigEndian(stream.AsSpan(at), value);
            steps.Add($"client-id-length@{at}={value}");
        }
        else
        {
            int at = _tagOffsets[random.Next(_tagOffsets.Count)];
            byte value = InterestingValues.Int8[random.Next(InterestingValues.Int8.Length)];
            stream[at] = value;
            steps.Add($"tag-count@{at}={value:X2}");
        }
    }

    private void AddFrame(List<string> steps)
    {
        var frame = new List<byte>();
        var descriptor = ApiTable.All[random.Next(ApiTable.All.Count)];
        short version = random.Next(10) == 0
            ? InterestingValues.Int16[random.Next(InterestingValues.Int16.Length)]
            : (short)random.Next(descriptor.LowestVersion, descriptor.HighestVersion + 1);
        short apiKey = random.Next(20) == 0 ? (short)random.Next(-2, 1200) : descriptor.ApiKey;
        short headerVersion = descriptor.RequestHeaderVersion(version);
        if (random.Next(10) == 0)
        {
            headerVersion = headerVersion == 2 ? (short)1 : (short)2;
        }
        Put(frame, 2, s => BinaryPrimitives.WriteInt16BigEndian(s, apiKey));
        Put(frame, 2, s => BinaryPrimitives.WriteInt16BigEndian(s, version));
        Put(frame, 4, s => BinaryPrimitives.WriteInt32BigEndian(s, random.Next()));
        int clientIdOffset = frame.Count;
        AddClientId(frame);
        int tagOffset = -1;
        if (headerVersion == 2)
        {
            tagOffset = frame.Count;
            AddTaggedFields(frame);
        }
        byte[] body = Body(descriptor, version);
        frame.AddRange(body);

        int start = _bytes.Count;
        _sizeOffsets.Add(start);
        _clientIdOffsets.Add(start + 4 + clientIdOffset);
        if (tagOffset >= 0)
        {
            _tagOffsets.Add(start + 4 + tagOffset);
        }
        Put(_bytes, 4, s => BinaryPrimitives.WriteInt32BigEndian(s, frame.Count));
        _bytes.AddRange(frame);
        steps.Add($"frame key {apiKey} v{version} header v{headerVersion} body {body.Length}");
    }

    private void AddClientId(List<byte> frame)
    {
        byte[]? id = random.Next(6) switch
        {
            0 => null,
            1 => [],
            2 => Encoding.UTF8.GetBytes(new string('c', 300 + random.Next(700))),
            3 => OddClientIds[random.Next(OddClientIds.Length)],
            _ => Encoding.UTF8.GetBytes("client-" + random.Next(1000)),
        };
        short length = id is null ? (short)-1 : (short)id.Length;
        Put(frame, 2, s => BinaryPrimitives.WriteInt16BigEndian(s, length));
        frame.AddRange(id ?? []);
    }

    /// <summary>Zero to three header tagged fields, not always in ascending tag order.</summary>
    private void AddTaggedFields(List<byte> frame)
    {
        int count = random.Next(4);
        frame.Add((byte)count);
        for (int i = 0; i < count; i++)
        {
            AddVarint(frame, (uint)random.Next(0, 300));
            var data = new byte[random.Next(0, 12)];
            random.NextBytes(data);
            AddVarint(frame, (uint)data.Length);
            frame.AddRange(data);
        }
    }

    private byte[] Body(ApiDescriptor descriptor, short version)
    {
        int choice = random.Next(4);
        if (choice < 2 && descriptor.IsSupported(version))
        {
            var captured = SeedCorpus.For(descriptor.ApiKey, version).ToList();
            if (choice == 0 && captured.Count > 0)
            {
                return captured[random.Next(captured.Count)].Body;
            }
            var seeds = MessageSeeds.For(descriptor.ApiKey, version, request: true);
            return seeds[random.Next(seeds.Count)].Bytes;
        }
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void AddVarint(List<byte> bytes, uint value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }

    private static void Put(List<byte> bytes, int size, SpanAction write)
    {
        Span<byte> buffer = stackalloc byte[size];
        write(buffer);
        bytes.AddRange(buffer);
    }

    private delegate void SpanAction(Span<byte> span);
}
