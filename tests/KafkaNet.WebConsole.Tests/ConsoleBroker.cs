using KafkaNet.Embedded;
using Microsoft.Playwright;

namespace KafkaNet.WebConsole.Tests;

/// <summary>One broker with its metrics listener and web console on a free loopback port, and one headless Chromium, shared by the console's tests.</summary>
public sealed class ConsoleBroker : IAsyncLifetime
{
    private HeadlessChromium? _chromium;

    public EmbeddedKafka Kafka { get; private set; } = null!;

    public IBrowser Browser => _chromium!.Browser;

    /// <summary>http://127.0.0.1:port/console/</summary>
    public Uri ConsoleUri => new(Kafka.MetricsEndpoint!, "/console/");

    public async Task InitializeAsync()
    {
        Kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0"), WebConsole = true });
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        if (Kafka is not null)
        {
            await Kafka.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleBroker>
{
    public const string Name = "web console";
}
