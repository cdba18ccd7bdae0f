using System.Text;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol.Messages;
using KafkaNet.Server.Tests;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>docs/security.md's table of what each API checks is the matrix's cases, row for row.</summary>
public sealed class SecurityDocsTests
{
    [Fact]
    public void TheDocumentedTableIsTheMatrix()
    {
        string documented = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "security.md")).ReplaceLineEndings("\n");

        Assert.Contains(Table(), documented, StringComparison.Ordinal);
    }

    /// <summary>The table as the matrix proves it: API, the ACLs that let alice through, what she gets without them.</summary>
    internal static string Table()
    {
        var text = new StringBuilder("| API | Needs (ACLs the matrix grants) | Without them |\n|---|---|---|\n");
        foreach (var matrixCase in MatrixCases.All.OrderBy(c => ApiTable.Find(c.ApiKey)!.Name, StringComparer.Ordinal))
        {
            text.Append("| ").Append(ApiTable.Find(matrixCase.ApiKey)!.Name).Append(" | ")
                .AppendJoin(", ", matrixCase.Grants.Select(g => $"{AclNames.Of(g.Operation)} {AclNames.Of(g.ResourceType)}"))
                .Append(" | ").Append(matrixCase.Refusal is { } refusal ? AclNames.Of(refusal) : "left out of the answer").Append(" |\n");
        }
        return text.ToString();
    }
}
