// What every Image Assets command works with. Its own file, so the batch commands and the
// interactive ones can share it without importing each other.
import type { ImageJobRunner } from '../services/imageJobRunner';
import type { Log } from '../services/log';
import type { AssetManifests } from './assetManifests';
import type { AssetsTreeProvider } from './assetsView';

export interface AssetCommandDeps {
  manifests: AssetManifests;
  tree: AssetsTreeProvider;
  generation: ImageJobRunner;
  log: Log;
}
