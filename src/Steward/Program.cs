using Steward.Cli;

return await StewardCommandLine.Create().Parse(args).InvokeAsync();
