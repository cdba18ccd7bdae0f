using KafkaNet.Embedded;
using Microsoft.Playwright;

namespace KafkaNet.WebConsole.Tests;

/// <summary>One broker with its metrics listener and web console on a free loopback port, and one headless Chromium, shared by the console's tests.</summary>
public sealed class ConsoleBroker : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public EmbeddedKafka Kafka { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>http://127.0.0.1:port/console/</summary>
    public Uri ConsoleUri => new(Kafka.MetricsEndpoint!, "/console/");

    public async Task InitializeAsync()
    {
        Kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0"), WebConsole = true });
        // Generous for a machine busy with other suites; every wait is still bounded.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path(), Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
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
