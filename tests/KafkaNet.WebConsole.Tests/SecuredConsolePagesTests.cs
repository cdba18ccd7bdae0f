using Microsoft.Playwright;

namespace KafkaNet.WebConsole.Tests;

/// <summary>The page of a console whose broker authenticates its clients: it asks for sign-in first.</summary>
[Collection(SecuredConsoleCollection.Name)]
public sealed class SecuredConsolePagesTests(SecuredConsoleBroker broker)
{
    [Fact]
    public async Task Signing_in_through_the_page_shows_the_topics_then_signing_out_asks_again()
    {
        await using var console = await ConsolePage.OpenAsync(broker.Browser, broker.ConsoleUri);

        // Any page of the console asks for sign-in first, and comes back once signed in.
        await console.GoAsync("/topics", "Sign in");
        await Assertions.Expect(console.Page.Locator("#session-message")).ToContainTextAsync("sign in with a user of its listeners (PLAIN, SCRAM-SHA-256)");
        await console.ScreenshotAsync("sign-in");
        var form = console.Page.Locator("#sign-in");
        await form.Locator("input[name=userName]").FillAsync(SecuredConsoleBroker.Admin);
        await form.Locator("input[name=password]").FillAsync(SecuredConsoleBroker.AdminPassword);
        await form.Locator("button").ClickAsync();

        await Assertions.Expect(console.Page.Locator("#main h1")).ToContainTextAsync("Topics");
        await Assertions.Expect(console.Page.Locator("#principal")).ToHaveTextAsync("User:admin");
        await Assertions.Expect(console.Page.Locator("#create-topic")).ToBeVisibleAsync();
        var cookie = Assert.Single(await console.Page.Context.CookiesAsync(), c => c.Name == "kafkanet-console-session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await console.Page.Locator("#sign-out").ClickAsync();
        await Assertions.Expect(console.Page.Locator("#main h1")).ToHaveTextAsync("Sign in");
        console.AssertNoErrors();
    }
}
