using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>
/// Every API version the broker advertises in ApiVersions answers a real request with a response
/// of that version: a probe per API key sends it and checks what comes back.
/// </summary>
public sealed class EveryAdvertisedVersionTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
    {
        Configure = options => options.Groups.GroupInitialRebalanceDelayMs = 0,
    });

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Every_advertised_api_has_a_probe()
    {
        var advertised = await AdvertisedAsync();

        var missing = advertised.Where(api => !VersionProbes.All.ContainsKey(api.ApiKey)).Select(api => Name(api.ApiKey)).ToList();

        Assert.True(advertised.Count > 30, $"only {advertised.Count} APIs advertised");
        Assert.True(missing.Count == 0, "no probe for " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_advertised_version_answers_a_real_request()
    {
        var context = new ProbeContext(_kafka);
        var failures = new List<string>();
        int exercised = 0;

        foreach (var api in await AdvertisedAsync())
        {
            if (!VersionProbes.All.TryGetValue(api.ApiKey, out var probe))
            {
                continue; // reported by Every_advertised_api_has_a_probe
            }
            for (short version = api.MinVersion; version <= api.MaxVersion; version++)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await probe(context, version).WaitAsync(timeout.Token);
                    exercised++;
                }
                catch (Exception e)
                {
                    failures.Add($"{Name(api.ApiKey)} v{version}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} versions failed:\n" + string.Join("\n", failures));
        Assert.True(exercised > 200, $"only {exercised} versions exercised");
    }

    private async Task<List<ApiVersionsResponse.ApiVersion>> AdvertisedAsync()
    {
        var response = await new ProbeContext(_kafka).SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 0, new ApiVersionsRequest());
        Assert.Equal(0, response.ErrorCode);
        return response.ApiKeys.ToList();
    }

    private static string Name(short apiKey) => ApiTable.Find(apiKey)?.Name ?? apiKey.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
