using System.Buffers.Binary;

namespace KafkaNet.Fuzz;

/// <summary>
/// Request frames captured from real clients, one file per frame without its size prefix:
/// tests/fuzz-corpus/&lt;client&gt;/&lt;NNNNN&gt;-k&lt;apiKey&gt;-v&lt;version&gt;.bin. Absent is fine.
/// </summary>
internal sealed class CorpusFrames
{
    private const int MaxFiles = 20_000;
    private readonly List<byte[]> _frames;

    private CorpusFrames(List<byte[]> frames, string? directory)
    {
        _frames = frames;
        Directory = directory;
    }

    public int Count => _frames.Count;
    public string? Directory { get; }

    public static CorpusFrames Load(string? directory)
    {
        var frames = new List<byte[]>();
        if (directory is not null && System.IO.Directory.Exists(directory))
        {
            foreach (string file in System.IO.Directory.EnumerateFiles(directory, "*.bin", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).Take(MaxFiles))
            {
                byte[] content = File.ReadAllBytes(file);
                if (content.Length >= 8)
                {
                    frames.Add(content);
                }
            }
        }
        return new CorpusFrames(frames, frames.Count > 0 ? directory : null);
    }

    /// <summary>A captured frame with its size prefix, the given correlation id, and its waits shortened.</summary>
    public byte[] Frame(Random rng, int correlationId)
    {
        byte[] content = _frames[rng.Next(_frames.Count)];
        var frame = new byte[4 + content.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, content.Length);
        content.CopyTo(frame, 4);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), correlationId);
        return WaitShortener.Shorten(frame);
    }
}
