using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace KafkaNet.Protocol.Generator.Tests;

/// <summary>Runs the generator over in-memory spec files, as the compiler would.</summary>
internal static class GeneratorHarness
{
    public static GeneratorDriverRunResult Run(params (string FileName, string Json)[] specs)
    {
        var compilation = CSharpCompilation.Create("SpecTest", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var texts = specs.Select(s => (AdditionalText)new InMemoryText("/repo/protocol-spec/" + s.FileName, s.Json)).ToImmutableArray();
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new ProtocolGenerator().AsSourceGenerator()], texts);
        driver = driver.RunGenerators(compilation);
        return driver.GetRunResult();
    }

    public static ImmutableArray<Diagnostic> Diagnostics(params (string FileName, string Json)[] specs)
    {
        var result = Run(specs);
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        return result.Diagnostics;
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
