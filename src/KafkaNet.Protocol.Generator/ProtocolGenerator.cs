using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using KafkaNet.Protocol.Generator.Emit;
using KafkaNet.Protocol.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KafkaNet.Protocol.Generator;

/// <summary>
/// Reads protocol-spec/*.json (AdditionalFiles) and emits one class per message plus the API table
/// and, when metadata records are present, the metadata record table.
/// A bad spec file becomes a compiler error pointing at the file, never a generator crash.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProtocolGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.AdditionalTextsProvider
            .Where(static f => f.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                && Path.GetFileName(Path.GetDirectoryName(f.Path)) == "protocol-spec")
            .Select(static (file, ct) => Parse(file, ct));

        context.RegisterSourceOutput(parsed, static (spc, result) =>
        {
            if (result.Error != null)
            {
                spc.ReportDiagnostic(result.Error);
                return;
            }
            if (result.Source != null)
            {
                spc.AddSource(result.Spec!.Name + ".g.cs", SourceText.From(result.Source, Encoding.UTF8));
            }
            else if (result.GenerationError != null)
            {
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.InternalError, Location.None, result.Path, result.GenerationError));
            }
        });

        context.RegisterSourceOutput(parsed.Collect(), static (spc, results) => EmitTable(spc, results));
    }

    private static void EmitTable(SourceProductionContext spc, ImmutableArray<ParseResult> results)
    {
        var specs = new List<MessageSpec>();
        var names = new HashSet<string>();
        var keys = new Dictionary<string, string>();
        foreach (var r in results)
        {
            if (r.Spec == null)
            {
                continue;
            }
            if (!names.Add(r.Spec.Name))
            {
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DuplicateMessage, Location.None, r.Spec.Name));
                return;
            }
            if (r.Spec.ApiKey.HasValue && r.Spec.Kind != MessageKind.Header && r.Spec.Kind != MessageKind.Data)
            {
                string slot = r.Spec.Kind + ":" + r.Spec.ApiKey.Value;
                if (keys.TryGetValue(slot, out string? other))
                {
                    spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DuplicateApiKey, Location.None, r.Spec.ApiKey.Value, other, r.Spec.Name));
                    return;
                }
                keys.Add(slot, r.Spec.Name);
            }
            specs.Add(r.Spec);
        }
        if (specs.Count > 0)
        {
            spc.AddSource("ApiTable.g.cs", SourceText.From(ApiTableEmitter.Emit(specs), Encoding.UTF8));
        }
        if (specs.Exists(s => s.Kind == MessageKind.Metadata))
        {
            spc.AddSource("MetadataRecordTable.g.cs", SourceText.From(MetadataTableEmitter.Emit(specs), Encoding.UTF8));
        }
    }

    private static ParseResult Parse(AdditionalText file, System.Threading.CancellationToken ct)
    {
        string? text = file.GetText(ct)?.ToString();
        if (text == null)
        {
            return ParseResult.Failed(file.Path, Diagnostic.Create(Diagnostics.InvalidSpec, Location.None, file.Path, "the file cannot be read"));
        }
        MessageSpec spec;
        try
        {
            spec = SpecLoader.Load(text);
        }
        catch (KeyNotFoundException e)
        {
            return ParseResult.Failed(file.Path, Diagnostic.Create(Diagnostics.InvalidSpec, Location.None, Path.GetFileName(file.Path), e.Message));
        }
        catch (SpecException e)
        {
            var line = new LinePosition(Math.Max(0, e.Line - 1), 0);
            var location = Location.Create(file.Path, new TextSpan(0, 0), new LinePositionSpan(line, line));
            return ParseResult.Failed(file.Path, Diagnostic.Create(Diagnostics.InvalidSpec, location, Path.GetFileName(file.Path), e.Message));
        }
        try
        {
            return new ParseResult(file.Path, spec, MessageEmitter.Emit(spec), null, null);
        }
        catch (SpecException e)
        {
            return ParseResult.Failed(file.Path, Diagnostic.Create(Diagnostics.InvalidSpec, Location.None, Path.GetFileName(file.Path), e.Message));
        }
#pragma warning disable CA1031 // Any failure to emit must surface as a diagnostic on the spec file, never as a generator crash.
        catch (Exception e) when (!(e is OperationCanceledException))
        {
            return new ParseResult(file.Path, spec, null, null, e.GetType().Name + ": " + e.Message);
        }
#pragma warning restore CA1031
    }

    private sealed class ParseResult
    {
        public ParseResult(string path, MessageSpec? spec, string? source, Diagnostic? error, string? generationError)
        {
            Path = path;
            Spec = spec;
            Source = source;
            Error = error;
            GenerationError = generationError;
        }

        public string Path { get; }

        public MessageSpec? Spec { get; }

        public string? Source { get; }

        public Diagnostic? Error { get; }

        public string? GenerationError { get; }

        public static ParseResult Failed(string path, Diagnostic error) => new ParseResult(path, null, null, error, null);
    }
}
