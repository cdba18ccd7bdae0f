using Microsoft.Playwright;

namespace KafkaNet.WebConsole.Tests;

/// <summary>
/// A browser tab on the console, 1280 pixels wide, that records every console error and uncaught exception of the
/// page. With KAFKANET_CONSOLE_SCREENSHOTS set to a directory, <see cref="ScreenshotAsync"/> saves full-page PNGs there.
/// </summary>
internal sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly Uri _console;
    private readonly List<string> _errors = [];

    private ConsolePage(IBrowserContext context, IPage page, Uri console)
    {
        _context = context;
        _console = console;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add("console: " + message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add("page error: " + error);
            }
        };
    }

    public IPage Page { get; }

    public static Task<ConsolePage> OpenAsync(ConsoleBroker broker) => OpenAsync(broker.Browser, broker.ConsoleUri);

    /// <summary>A tab of its own browser context: no cookie of another tab's session.</summary>
    public static async Task<ConsolePage> OpenAsync(IBrowser browser, Uri console)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new ConsolePage(context, page, console);
    }

    /// <summary>Opens a route (e.g. "/topics/orders") and waits until its heading shows.</summary>
    public async Task GoAsync(string route, string heading)
    {
        await Page.GotoAsync(_console + "#" + route);
        try
        {
            await Assertions.Expect(Page.Locator("#main h1")).ToContainTextAsync(heading);
        }
        catch (PlaywrightException e)
        {
            lock (_errors)
            {
                throw new InvalidOperationException($"{route} did not show '{heading}'; the page reported: {string.Join("; ", _errors)}", e);
            }
        }
    }

    public ILocator Main => Page.Locator("#main");

    public void AssertNoErrors()
    {
        lock (_errors)
        {
            Assert.True(_errors.Count == 0, "The page reported errors:\n" + string.Join("\n", _errors));
        }
    }

    public async Task ScreenshotAsync(string name)
    {
        var directory = Environment.GetEnvironmentVariable("KAFKANET_CONSOLE_SCREENSHOTS");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(directory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
