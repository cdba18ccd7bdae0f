using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Fuzz;

internal enum FrameSource
{
    Structured,
    ProduceBatch,
    RawMutation,
    Corpus,
}

/// <summary>A frame to send: its bytes (size prefix included), where it came from, its index in the run.</summary>
internal sealed record FuzzFrame(long Index, FrameSource Source, byte[] Bytes);

/// <summary>
/// Makes frame number N of a run from the seed and N alone (each frame has its own random
/// stream), so any frame can be made again and runs with the same seed send the same mix.
/// </summary>
internal sealed class FrameFactory
{
    // Requests that delete topics, move their data or change their configuration: they only name scratch topics.
    private static readonly HashSet<short> Destructive = [20, 33, 34, 44, 45];

    private readonly int _seed;
    private readonly TopicCatalog _catalog;
    private readonly SortedDictionary<short, (short Min, short Max)> _advertised;
    private readonly short[] _keys;
    private readonly CorpusFrames _corpus;

    public FrameFactory(int seed, TopicCatalog catalog, SortedDictionary<short, (short Min, short Max)> advertised, CorpusFrames corpus)
    {
        _seed = seed;
        _catalog = catalog;
        _advertised = advertised;
        _keys = advertised.Keys.Where(k => RequestType(k) is not null).ToArray();
        _corpus = corpus;
    }

    public FuzzFrame Create(long index)
    {
        var frame = Draw(index);
        return PartitionBudget.Exceeds(frame.Bytes)
            ? frame with { Bytes = RequestFrames.Encode(ApiVersionsRequest.ApiKey, 0, (int)(index & int.MaxValue), new ApiVersionsRequest()) }
            : frame;
    }

    private FuzzFrame Draw(long index)
    {
        var rng = new Random(StreamSeed(_seed, index));
        int correlationId = (int)(index & int.MaxValue);
        int pick = rng.Next(100);
        if (_corpus.Count > 0 && pick < 10)
        {
            return new(index, FrameSource.Corpus, _corpus.Frame(rng, correlationId));
        }
        if (pick < 45)
        {
            return new(index, FrameSource.Structured, Structured(rng, correlationId));
        }
        if (pick < 70)
        {
            return new(index, FrameSource.ProduceBatch, ProduceBatch(rng, correlationId));
        }
        byte[] seedFrame = rng.Next(3) switch
        {
            0 when _corpus.Count > 0 => _corpus.Frame(rng, correlationId),
            1 => ProduceBatch(rng, correlationId),
            _ => Structured(rng, correlationId),
        };
        return new(index, FrameSource.RawMutation, ByteMutator.Mutate(rng, seedFrame));
    }

    /// <summary>A well-formed request of an advertised key and version with random field values.</summary>
    private byte[] Structured(Random rng, int correlationId)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            short key = _keys[rng.Next(_keys.Length)];
            var (min, max) = _advertised[key];
            short version = (short)rng.Next(min, max + 1);
            var topics = Destructive.Contains(key) ? _catalog.Scratch : _catalog.Seeded;
            var filler = new RandomFiller(rng, topics, r => BatchForge.Records(r, mutate: r.Next(4) == 0));
            var request = (IKafkaMessage)Activator.CreateInstance(RequestType(key)!)!;
            filler.Fill(request);
            try
            {
                return RequestFrames.Encode(key, version, correlationId, request, rng.Next(20) == 0 ? null : RequestFrames.ClientId);
            }
            catch (KafkaProtocolException)
            {
                // A random value this version cannot encode (a null where it has none): draw again.
            }
        }
        return RequestFrames.Encode(ApiVersionsRequest.ApiKey, 0, correlationId, new ApiVersionsRequest());
    }

    /// <summary>Produce of real record batches whose header fields, record deltas or compressed bytes are wrong.</summary>
    private byte[] ProduceBatch(Random rng, int correlationId)
    {
        var (min, max) = _advertised[ProduceRequest.ApiKey];
        short version = (short)rng.Next(Math.Max(min, (short)3), max + 1);
        var topics = rng.Next(5) == 0 ? _catalog.Scratch : _catalog.Seeded;
        var topic = topics[rng.Next(topics.Count)];
        var request = new ProduceRequest
        {
            Acks = rng.Next(10) switch { 0 => 0, < 5 => 1, _ => -1 },
            TimeoutMs = 1000,
            TransactionalId = rng.Next(10) == 0 ? $"fz-txn-{rng.Next(3)}" : null,
            TopicData =
            [
                new ProduceRequest.TopicProduceData
                {
                    Name = topic.Name,
                    TopicId = topic.Id,
                    PartitionData = Enumerable.Range(0, rng.Next(1, 3)).Select(_ => new ProduceRequest.PartitionProduceData
                    {
                        Index = rng.Next(20) == 0 ? rng.Next(-1, topic.Partitions + 2) : rng.Next(topic.Partitions),
                        Records = BatchForge.Records(rng, mutate: rng.Next(10) != 0),
                    }).ToList(),
                },
            ],
        };
        return RequestFrames.Encode(ProduceRequest.ApiKey, version, correlationId, request);
    }

    private static Type? RequestType(short key) =>
        ApiTable.Find(key) is { } d ? typeof(ApiTable).Assembly.GetType($"KafkaNet.Protocol.Messages.{d.Name}Request") : null;

    /// <summary>SplitMix64 of (seed, index): independent streams for neighbouring frames.</summary>
    public static int StreamSeed(int seed, long index)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32) ^ (ulong)index) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }
}
