namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>PASS/FAIL lines with what was seen, and their counts.</summary>
internal sealed class Checks
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public void Check(string name, bool passed, string seen)
    {
        if (passed)
        {
            Passed++;
        }
        else
        {
            Failed++;
        }
        Console.WriteLine($"{(passed ? "PASS" : "FAIL")} {name} [{seen}]");
    }

    public void Summary() => Console.WriteLine($"{Passed} passed, {Failed} failed");
}
