using KafkaNet.Protocol.Messages;
using Xunit.Abstractions;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// Layer 2: every request and response decoder, every version in ApiTable.All, fed valid encodings
/// cut at every byte (small ones) and mutated with a fixed seed. A decoder must either decode or
/// throw KafkaProtocolException, allocate within <see cref="AllocationBudget"/>, and whatever it
/// accepts must encode, decode again and encode to the same bytes.
/// </summary>
public class MessageDecoderFuzzTests(ITestOutputHelper output)
{
    private const int MutationsPerVersion = 600;
    private const int CutEveryByteUpTo = 128;

    public static TheoryData<short> ApiKeys()
    {
        var data = new TheoryData<short>();
        foreach (var descriptor in ApiTable.All)
        {
            data.Add(descriptor.ApiKey);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ApiKeys))]
    public void Damaged_bodies_decode_or_are_rejected_with_a_protocol_error_and_what_decodes_reencodes_stably(short apiKey)
    {
        var descriptor = ApiTable.Find(apiKey)!;
        var stats = new FuzzStats();
        string current = "not started";
        FuzzWatchdog.Run(
            () =>
            {
                foreach (bool request in new[] { true, false })
                {
                    for (short version = descriptor.LowestVersion; version <= descriptor.HighestVersion; version++)
                    {
                        var target = new DecodeTarget(request, descriptor, version);
                        var seeds = MessageSeeds.For(apiKey, version, request);
                        Assert.NotEmpty(seeds);
                        foreach (var seed in seeds)
                        {
                            current = target.Describe(seed.Origin, [], seed.Bytes, "unmutated seed");
                            target.CheckSeed(seed);
                        }
                        FuzzVersion(target, seeds, stats, c => current = c);
                    }
                }
            },
            () => current);
        output.WriteLine(stats.Summary($"layer 2, api key {apiKey} ({descriptor.Name})"));
        Assert.True(stats.Executions > 0);
    }

    private static void FuzzVersion(DecodeTarget target, IReadOnlyList<MessageSeeds.Seed> seeds, FuzzStats stats, Action<string> setCurrent)
    {
        foreach (var seed in seeds)
        {
            if (seed.Bytes.Length > CutEveryByteUpTo)
            {
                continue;
            }
            for (int cut = 0; cut < seed.Bytes.Length; cut++)
            {
                string[] steps = [$"truncate@{cut}"];
                byte[] input = seed.Bytes[..cut];
                setCurrent(target.Describe(seed.Origin, steps, input, "running"));
                target.Check(input, seed.Origin, steps, stats);
            }
        }
        var neighbours = NeighbourSeeds(target);
        var random = new Random(HashCode.Combine(FuzzSettings.BaseSeed, target.Descriptor.ApiKey, target.Version, target.Request) & int.MaxValue);
        int iterations = FuzzSettings.Scaled(MutationsPerVersion);
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            var seed = neighbours.Count > 0 && random.Next(8) == 0 ? neighbours[random.Next(neighbours.Count)] : seeds[random.Next(seeds.Count)];
            var steps = new List<string> { $"iteration {iteration}" };
            byte[] input = Mutator.Mutate(seed.Bytes, random, steps);
            setCurrent(target.Describe(seed.Origin, steps, input, "running"));
            target.Check(input, seed.Origin, steps, stats);
        }
    }

    /// <summary>
    /// Encodings of the versions either side: a peer that frames one version and encodes another,
    /// which crosses flexible and classic encodings where the versions straddle that line.
    /// </summary>
    private static List<MessageSeeds.Seed> NeighbourSeeds(DecodeTarget target)
    {
        var neighbours = new List<MessageSeeds.Seed>();
        foreach (int version in new[] { target.Version - 1, target.Version + 1 })
        {
            if (target.Descriptor.IsSupported((short)version))
            {
                neighbours.AddRange(MessageSeeds.For(target.Descriptor.ApiKey, (short)version, target.Request)
                    .Select(seed => seed with { Origin = $"{seed.Origin} (encoded as v{version})" }));
            }
        }
        return neighbours;
    }
}
