/**
 * What several features show of videos and models, below them so that studio, gallery, api, admin,
 * home and storyboard are peers that never import each other: the model menu (`ModelMenu`, the
 * catalogs and routes a team may use, grouped for a select), uploaded and continued-from images
 * (`UploadedImages`, `LastFrames`) and the studio's settings they follow (`StudioConfig`,
 * `reelgate.studio.*`), job cards and failure texts (`JobCards`, `JobCard`, `Failures`), the gallery
 * query and its cards (`GalleryQueries`, `GalleryCard`, also on the team home), chapters
 * (`VideoChapters`), and media delivery with its settings (`MediaDelivery`, `GalleryConfig`,
 * `reelgate.gallery.*`). It owns no table: its SQL reads generation's.
 */
package io.reelgate.videos;
