using System.Buffers;
using System.Buffers.Binary;
using KafkaNet.Broker.Network;
using Xunit.Abstractions;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// Layer 1: connection input through the broker's frame reader and request-header decoding
/// (<see cref="FrameDecodePath"/>). Whatever arrives, the outcome is requests decoded, a clean stop,
/// or InvalidFrameException / KafkaProtocolException, which close the connection; never another
/// exception, never an allocation sized by a length the peer claimed.
/// </summary>
public class FrameDecoderFuzzTests(ITestOutputHelper output)
{
    private const int GeneratedStreams = 20000;
    private const int StreamsCutEverywhere = 12;

    [Fact]
    public void Generated_and_damaged_frames_decode_or_close_the_connection_with_a_protocol_error()
    {
        var stats = new FuzzStats();
        string current = "not started";
        FuzzWatchdog.Run(
            () =>
            {
                var random = new Random(FuzzSettings.BaseSeed);
                var generator = new FrameGenerator(random);
                var captured = SeedCorpus.All;
                int iterations = FuzzSettings.Scaled(GeneratedStreams);
                for (int iteration = 0; iteration < iterations; iteration++)
                {
                    var steps = new List<string> { $"iteration {iteration}" };
                    string origin;
                    byte[] stream;
                    int mode = random.Next(4);
                    if (captured.Count > 0 && random.Next(4) == 0)
                    {
                        var frame = captured[random.Next(captured.Count)];
                        origin = $"captured frame {frame.Name}";
                        stream = Prefixed(frame.Frame);
                        mode = 2;
                    }
                    else
                    {
                        origin = "generated frames";
                        stream = generator.Build(steps);
                        if (mode is 1 or 3)
                        {
                            generator.DamageField(stream, steps);
                        }
                    }
                    if (mode is 2 or 3)
                    {
                        stream = Mutator.Mutate(stream, random, steps);
                    }
                    var cuts = RandomCuts(stream.Length, random, steps);
                    current = FuzzFailure.Describe("frame stream", origin, steps, stream, "running");
                    Check(stream, cuts, origin, steps, stats);
                }
            },
            () => current);
        output.WriteLine(stats.Summary("layer 1, generated and damaged frames"));
        Assert.True(stats.Executions > 0);
    }

    [Fact]
    public void Every_cut_of_a_frame_stream_decodes_fewer_requests_or_fails_as_a_partial_frame()
    {
        var stats = new FuzzStats();
        string current = "not started";
        FuzzWatchdog.Run(
            () =>
            {
                var random = new Random(FuzzSettings.BaseSeed + 1);
                var generator = new FrameGenerator(random);
                for (int i = 0; i < StreamsCutEverywhere; i++)
                {
                    var steps = new List<string>();
                    byte[] stream = generator.Build(steps);
                    int whole = FrameDecodePathOrMinusOne(stream);
                    for (int cut = 0; cut < Math.Min(stream.Length, 4096); cut++)
                    {
                        var cutSteps = new List<string>(steps) { $"truncate@{cut}" };
                        byte[] input = stream[..cut];
                        current = FuzzFailure.Describe("frame stream", "generated frames", cutSteps, input, "running");
                        int decoded = Check(input, [], "generated frames", cutSteps, stats);
                        if (whole >= 0 && decoded > whole)
                        {
                            Assert.Fail(FuzzFailure.Describe("frame stream", "generated frames", cutSteps, input, $"a cut decoded {decoded} requests, the whole stream {whole}"));
                        }
                    }
                }
            },
            () => current);
        output.WriteLine(stats.Summary("layer 1, every cut"));
        Assert.True(stats.Executions > 0);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(FrameDecodePath.MaxFrameBytes + 1)]
    public void A_size_prefix_outside_the_limit_is_refused_before_any_body_buffer_is_taken(int size)
    {
        byte[] stream = new byte[4 + 16];
        BinaryPrimitives.WriteInt32BigEndian(stream, size);
        Assert.Throws<InvalidFrameException>(() => FrameDecodePath.DecodeAll(new ReadOnlySequence<byte>(stream))); // warms the path up

        InvalidFrameException? error = null;
        long allocated = AllocationBudget.Measure(() => error = Assert.Throws<InvalidFrameException>(() => FrameDecodePath.DecodeAll(new ReadOnlySequence<byte>(stream))));

        Assert.Contains("outside", error!.Message);
        Assert.True(allocated < 16 * 1024, $"refusing a frame allocated {allocated} bytes");
    }

    [Fact]
    public void A_frame_announcing_the_maximum_and_sending_little_costs_one_small_buffer()
    {
        byte[] stream = new byte[4 + 10];
        BinaryPrimitives.WriteInt32BigEndian(stream, FrameDecodePath.MaxFrameBytes);

        long allocated = AllocationBudget.Measure(() => Assert.Throws<InvalidFrameException>(() => FrameDecodePath.DecodeAll(new ReadOnlySequence<byte>(stream))));

        Assert.True(allocated < AllocationBudget.Fixed, $"a {FrameDecodePath.MaxFrameBytes}-byte announcement with 10 bytes sent allocated {allocated} bytes");
    }

    private static int Check(byte[] stream, IReadOnlyList<int> cuts, string origin, IReadOnlyList<string> steps, FuzzStats stats)
    {
        var input = ChunkedSequence.Split(stream, cuts);
        int decoded = -1;
        Exception? error = null;
        long allocated = AllocationBudget.Measure(() =>
        {
            try
            {
                decoded = FrameDecodePath.DecodeAll(input);
            }
#pragma warning disable CA1031 // Every exception is caught so that an unexpected one is reported with its input.
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = e;
            }
        });
        if (error is not null and not (InvalidFrameException or KafkaProtocolException))
        {
            Assert.Fail(FuzzFailure.Describe("frame stream", origin, steps, stream, $"threw {error}"));
        }
        long budget = AllocationBudget.For(stream.Length);
        if (allocated > budget)
        {
            Assert.Fail(FuzzFailure.Describe("frame stream", origin, steps, stream, $"allocated {allocated} bytes, budget {budget}"));
        }
        stats.Record(error is null, allocated, stream.Length);
        return Math.Max(decoded, 0);
    }

    private static int FrameDecodePathOrMinusOne(byte[] stream)
    {
        try
        {
            return FrameDecodePath.DecodeAll(new ReadOnlySequence<byte>(stream));
        }
        catch (KafkaProtocolException)
        {
            return -1;
        }
    }

    /// <summary>Zero to three places where the input arrives split, as reads off a socket would split it.</summary>
    private static List<int> RandomCuts(int length, Random random, List<string> steps)
    {
        var cuts = new SortedSet<int>();
        int count = length < 2 ? 0 : random.Next(4);
        for (int i = 0; i < count; i++)
        {
            cuts.Add(1 + random.Next(length - 1));
        }
        if (cuts.Count > 0)
        {
            steps.Add($"delivered in pieces at {string.Join('/', cuts)}");
        }
        return [.. cuts];
    }

    private static byte[] Prefixed(byte[] frame)
    {
        var stream = new byte[4 + frame.Length];
        BinaryPrimitives.WriteInt32BigEndian(stream, frame.Length);
        frame.CopyTo(stream, 4);
        return stream;
    }
}
