using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.Data;

namespace NeuralMath.Search;

/// <summary>
/// What a build may try: a starting config (the first trial, the "default" every other trial is described against),
/// the searched <see cref="SearchDimension"/>s, and the <see cref="SearchSchedule"/>. Every problem has a default
/// space (<see cref="DefaultSpaces"/>); a JSON file with the same three sections overrides parts of it
/// (<see cref="Override"/>), and build.json records the resolved space in that format.
/// </summary>
/// <remarks>
/// Trials after the first are mutations of the starting config: each changes one to three dimensions, chosen at
/// random from the build's seed and the trial's number, to values other than the start's. A mutation that gives an
/// invalid config (a width the heads do not divide) or repeats an earlier trial is drawn again.
/// </remarks>
public sealed class SearchSpace
{
    private const int MaxChangesPerTrial = 3, Draws = 200;

    private SearchSpace(JsonObject start, IReadOnlyList<SearchDimension> dimensions, SearchSchedule schedule)
    {
        Start = start;
        Dimensions = dimensions;
        Schedule = schedule;
    }

    /// <summary>The starting config, complete (every setting present): the first trial, and the default of every dimension.</summary>
    public JsonObject Start { get; }

    /// <summary>The searched settings, in the order the leaderboard lists them.</summary>
    public IReadOnlyList<SearchDimension> Dimensions { get; }

    /// <summary>How the time is spent.</summary>
    public SearchSchedule Schedule { get; }

    /// <summary>The problem every trial trains on (from <see cref="Start"/>).</summary>
    public ProblemOptions Problem => StartConfig().Problem;

    /// <summary>The default space for <paramref name="problem"/> (see <see cref="DefaultSpaces"/>).</summary>
    public static SearchSpace For(ProblemOptions problem) => DefaultSpaces.For(problem);

    /// <summary>A space from its parts; the start is completed and validated as a config.</summary>
    /// <exception cref="ArgumentException">An invalid start, dimension or schedule (one line naming it).</exception>
    public static SearchSpace Create(RunConfig start, IEnumerable<SearchDimension> dimensions, SearchSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(schedule);
        return Checked((JsonObject)JsonNode.Parse(start.ToJson())!, [.. dimensions], schedule.Clone(), "search space");
    }

    /// <summary>
    /// This space with the sections of a JSON document applied: <c>start</c> (config settings merged over the start;
    /// not <c>problem</c>, which the build is given), <c>dimensions</c> (each named dimension replaced, or removed by
    /// null) and <c>schedule</c> (the named settings replaced). Comments are allowed; unknown keys are errors.
    /// </summary>
    /// <exception cref="ArgumentException">One line naming <paramref name="source"/> and the setting.</exception>
    public SearchSpace Override(string json, string source)
    {
        var root = ParseObject(json, source);
        var start = (JsonObject)Start.DeepClone();
        var dimensions = Dimensions.ToList();
        var schedule = Schedule.Clone();
        foreach (var (key, value) in root)
        {
            switch (key)
            {
                case "start":
                    var settings = value as JsonObject ?? throw new ArgumentException($"{source}: start must be an object of config sections.");
                    if (settings.ContainsKey("problem"))
                        throw new ArgumentException($"{source}: start.problem: the problem is the build's (--problem, --max, --set problem.*), not the space's.");
                    Merge(start, settings);
                    break;
                case "dimensions":
                    var named = value as JsonObject ?? throw new ArgumentException($"{source}: dimensions must be an object, e.g. {{ \"width\": [32, 64] }}.");
                    foreach (var (name, choices) in named)
                    {
                        int at = dimensions.FindIndex(d => d.Name == name);
                        if (choices is null)
                        {
                            if (at >= 0) dimensions.RemoveAt(at);
                            continue;
                        }
                        var dimension = Dimension(name, choices, source);
                        if (at >= 0) dimensions[at] = dimension;
                        else dimensions.Add(dimension);
                    }
                    break;
                case "schedule":
                    schedule = ReadSchedule(value, schedule, source);
                    break;
                default:
                    throw new ArgumentException($"{source}: unknown section '{key}' (a search space has start, dimensions and schedule).");
            }
        }
        return Checked(start, dimensions, schedule, source);
    }

    /// <summary>This space with its start's problem section replaced by <paramref name="problem"/>.</summary>
    public SearchSpace WithProblem(ProblemOptions problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var start = (JsonObject)Start.DeepClone();
        start["problem"] = JsonSerializer.SerializeToNode(problem, RunConfig.JsonOptions);
        return Checked(start, [.. Dimensions], Schedule.Clone(), "search space");
    }

    /// <summary>This space with dotted overrides (<c>model.dropout=0.1</c>, as <c>--set</c> takes them) applied to its start.</summary>
    /// <exception cref="ArgumentException">One line naming <paramref name="source"/> and the setting.</exception>
    public SearchSpace WithStart(IEnumerable<string> overrides, string source)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        RunConfig config;
        try
        {
            config = RunConfig.Parse(Start.ToJsonString(), overrides, source);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException(e.Message, e);
        }
        return Checked((JsonObject)JsonNode.Parse(config.ToJson())!, [.. Dimensions], Schedule.Clone(), source);
    }

    /// <summary>Reads a space written by <see cref="ToJson"/> (build.json's <c>space</c>), complete as it is.</summary>
    public static SearchSpace Parse(string json, string source)
    {
        var root = ParseObject(json, source);
        var start = root["start"] as JsonObject ?? throw new ArgumentException($"{source}: the space has no start config.");
        var empty = new SearchSpace((JsonObject)JsonNode.Parse(new RunConfig().ToJson())!, [], new SearchSchedule());
        var merged = (JsonObject)empty.Start.DeepClone();
        Merge(merged, start);
        var dimensions = (root["dimensions"] as JsonObject ?? []).Select(d => Dimension(d.Key, d.Value, source)).ToList();
        var schedule = root["schedule"] is JsonNode s ? ReadSchedule(s, new SearchSchedule(), source) : new SearchSchedule();
        return Checked(merged, dimensions, schedule, source);
    }

    /// <summary>The space as JSON, in the format <see cref="Override"/> and <see cref="Parse"/> read.</summary>
    public JsonObject ToJson() => new()
    {
        ["start"] = Start.DeepClone(),
        ["dimensions"] = new JsonObject(Dimensions.Select(d => KeyValuePair.Create(d.Name, (JsonNode?)d.ToJson()))),
        ["schedule"] = JsonSerializer.SerializeToNode(Schedule, RunConfig.JsonOptions),
    };

    /// <summary>The starting config.</summary>
    public RunConfig StartConfig() => RunConfig.Parse(Start.ToJsonString(), null, "search space start");

    /// <summary>The config of a trial: the start with <paramref name="settings"/> (dimension name → value) and <paramref name="overrides"/> applied.</summary>
    /// <exception cref="ArgumentException">The combination is not a valid config.</exception>
    public RunConfig ConfigFor(IReadOnlyDictionary<string, JsonNode> settings, IEnumerable<string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var assignments = settings.SelectMany(s => Find(s.Key).Overrides(s.Value)).Concat(overrides ?? []);
        return RunConfig.Parse(Start.ToJsonString(), assignments, "trial");
    }

    /// <summary>
    /// The settings of trial <paramref name="trialId"/> (1-based) of a build seeded <paramref name="seed"/>: none for the
    /// first (the start itself); for later ones, one to three dimensions changed from the start, drawn from (seed, trial),
    /// never a combination in <paramref name="taken"/> (descriptions from <see cref="Describe"/>). Null when no new
    /// valid combination turns up.
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode>? Sample(long seed, int trialId, IReadOnlySet<string> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        if (trialId == 1) return new Dictionary<string, JsonNode>();
        var variable = Dimensions.Select(d => (Dimension: d, Others: d.Choices.Where(c => !SameValue(c, d.ValueIn(Start))).ToList()))
            .Where(d => d.Others.Count > 0).ToList();
        if (variable.Count == 0) return null;
        for (int draw = 0; draw < Draws; draw++)
        {
            var random = new SeededRandom(unchecked((ulong)seed), ((ulong)trialId << 20) | (uint)draw);
            int changes = 1 + random.NextInt(Math.Min(MaxChangesPerTrial, variable.Count));
            var order = Enumerable.Range(0, variable.Count).ToArray();
            random.Shuffle(order.AsSpan());
            var chosen = order.Take(changes).Order().Select(i => variable[i]);
            var settings = chosen.ToDictionary(d => d.Dimension.Name, d => d.Others[random.NextInt(d.Others.Count)].DeepClone(), StringComparer.Ordinal);
            if (taken.Contains(Describe(settings))) continue;
            try
            {
                ConfigFor(settings);
                return settings;
            }
            catch (ArgumentException)
            {
                // A combination the model refuses (width not divisible by heads): draw again.
            }
        }
        return null;
    }

    /// <summary>Settings as the leaderboard shows them, in dimension order: <c>width=32 norm=post</c>; "(start)" for none.</summary>
    public string Describe(IReadOnlyDictionary<string, JsonNode> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Count == 0) return "(start)";
        return string.Join(' ', Dimensions.Where(d => settings.ContainsKey(d.Name)).Select(d => $"{d.Name}={Text(settings[d.Name])}"));
    }

    /// <summary>A JSON value as users type it: strings without quotes, numbers invariant.</summary>
    public static string Text(JsonNode value) =>
        value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "null";

    private SearchDimension Find(string name) =>
        Dimensions.FirstOrDefault(d => d.Name == name) ?? throw new ArgumentException($"the search space has no dimension '{name}'.");

    private static bool SameValue(JsonNode a, JsonNode? b)
    {
        if (b is null) return false;
        // Numbers compare by value (2e-3 and 0.002 are one learning rate); strings case-insensitively, like the config's enums.
        if (a is JsonValue x && b is JsonValue y && x.TryGetValue(out double dx) && y.TryGetValue(out double dy)) return dx == dy;
        return string.Equals(Text(a), Text(b), StringComparison.OrdinalIgnoreCase);
    }

    private static SearchDimension Dimension(string name, JsonNode? choices, string source)
    {
        try
        {
            return new SearchDimension(name, choices is JsonArray list ? list.Select(c => c!) : choices is null ? [] : [choices]);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{source}: {e.Message}", e);
        }
    }

    private static SearchSchedule ReadSchedule(JsonNode? node, SearchSchedule current, string source)
    {
        var settings = node as JsonObject ?? throw new ArgumentException($"{source}: schedule must be an object, e.g. {{ \"minSteps\": 200 }}.");
        var merged = JsonSerializer.SerializeToNode(current, RunConfig.JsonOptions)!.AsObject();
        Merge(merged, settings);
        try
        {
            return merged.Deserialize<SearchSchedule>(RunConfig.JsonOptions)!;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: schedule: {e.Message.Split('.')[0]}.", e);
        }
    }

    // The complete space, every part checked: the start is a valid config, every choice of every dimension is a valid
    // setting on its own (a typo in a path or a value fails here, not in the middle of a build), the schedule is sane.
    private static SearchSpace Checked(JsonObject start, List<SearchDimension> dimensions, SearchSchedule schedule, string source)
    {
        RunConfig config;
        try
        {
            config = RunConfig.Parse(start.ToJsonString(), null, $"{source}: start");
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException(e.Message, e);
        }
        var complete = (JsonObject)JsonNode.Parse(config.ToJson())!;
        if (dimensions.GroupBy(d => d.Paths[0]).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"{source}: dimensions {string.Join(" and ", twice.Select(d => d.Name))} set the same setting.");
        var space = new SearchSpace(complete, dimensions, schedule);
        foreach (var dimension in dimensions)
        {
            foreach (var choice in dimension.Choices)
            {
                try
                {
                    space.ConfigFor(new Dictionary<string, JsonNode> { [dimension.Name] = choice });
                }
                catch (Exception e) when (e is ArgumentException or InvalidDataException)
                {
                    throw new ArgumentException($"{source}: dimension {dimension.Name}, choice {Text(choice)}: {e.Message.Replace("trial: ", "", StringComparison.Ordinal)}", e);
                }
            }
        }
        try
        {
            schedule.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{source}: {e.Message}", e);
        }
        return space;
    }

    private static JsonObject ParseObject(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
            using (var document = JsonDocument.Parse(json, options))
                if (ConfigErrors.FindDuplicateKey(document.RootElement) is string duplicate)
                    throw new ArgumentException($"{source}: {duplicate} is set twice.");
            return JsonNode.Parse(json, documentOptions: options) as JsonObject
                ?? throw new ArgumentException($"{source}: a search space must be a JSON object ({{ ... }}).");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: not valid JSON ({e.Message.Split(". ")[0]}).", e);
        }
    }

    // Deep merge: objects merge key by key, anything else replaces.
    private static void Merge(JsonObject target, JsonObject settings)
    {
        foreach (var (key, value) in settings)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing) Merge(existing, inner);
            else target[key] = value?.DeepClone();
        }
    }
}
