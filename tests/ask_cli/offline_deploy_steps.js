// Runs the offline steps of `ask deploy` with the ASK CLI's own modules, in a project folder
// (the working directory): load ask-resources.json and the skill package as `ask deploy` does
// before it talks to Amazon, build the code with the CLI's code builder (which picks the
// project's hooks/build.sh), and read the CloudFormation template from userConfig.templatePath.
// Nothing here reaches Amazon. Usage: node offline_deploy_steps.js <ask-cli package folder>
// Prints one JSON object describing what the CLI saw.
"use strict";
const path = require("path");
const fs = require("fs");

const askCli = process.argv[2];
const lib = (p) => require(path.join(askCli, "dist", "lib", p));
const ResourcesConfig = lib("model/resources-config");
const Manifest = lib("model/manifest");
const SkillCodeController = lib("controllers/skill-code-controller");

const profile = process.env.ASK_PROFILE || "default";
new ResourcesConfig(path.join(process.cwd(), "ask-resources.json"));
const resources = ResourcesConfig.getInstance();
const packageSrc = resources.getSkillMetaSrc(profile);
// What `ask deploy` checks before anything else (commands/deploy/index.js, _initiateManifestModel).
if (!fs.existsSync(packageSrc)) {
    console.log(JSON.stringify({ error: `The skillMetadata src file ${packageSrc} does not exist.` }));
    process.exit(0);
}
new Manifest(path.join(packageSrc, "skill.json"));
const result = {
    skillName: Manifest.getInstance().getSkillName(),
    packageSrc,
    infraType: resources.getSkillInfraType(profile) || null,
    userConfig: resources.getSkillInfraUserConfig(profile) || null,
    codeRegions: resources.getCodeRegions(profile),
};
if (result.userConfig && result.userConfig.templatePath) {
    result.templateRead = fs.readFileSync(result.userConfig.templatePath, "utf-8").length > 0;
}
// The skill package zip `ask deploy` uploads (utils/zip-utils.js), listed.
lib("utils/zip-utils").createTempZip(packageSrc, (zipError, zipPath) => {
    if (zipError) {
        result.error = String(zipError);
        console.log(JSON.stringify(result));
        return;
    }
    const AdmZip = require(require.resolve("adm-zip", { paths: [askCli] }));
    result.packageZipEntries = new AdmZip(zipPath).getEntries().map((e) => e.entryName).sort();
    fs.unlinkSync(zipPath);
    if (!result.codeRegions.length) {
        console.log(JSON.stringify(result));
        return;
    }
    buildCode();
});

function buildCode() {
new SkillCodeController({ profile, doDebug: false }).buildCode((error, codeList) => {
    if (error) {
        result.error = String(error);
    } else {
        result.builds = codeList.map((code) => ({
            buildFlow: code.buildFlow,
            file: code.build.file,
            exists: fs.existsSync(code.build.file),
        }));
    }
    console.log(JSON.stringify(result));
});
}
